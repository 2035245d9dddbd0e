using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>
/// Cuts an in-memory dataset into batches with <c>index_select</c> (one copy per batch, none per
/// example). With shuffling, the order of epoch e is a permutation drawn from
/// <c>new Random(mix(seed, e))</c>: the same seed and epoch always give the same order, whatever
/// epochs ran before, so a resumed run sees the batches it would have seen.
/// </summary>
public sealed class BatchIterator
{
    private readonly ImageDataset _data;
    private readonly Device? _device;

    /// <param name="data">The dataset; it stays owned by the caller.</param>
    /// <param name="batchSize">Examples per batch; the last batch is smaller unless <paramref name="dropLast"/>.</param>
    /// <param name="shuffle">Reshuffle every epoch; otherwise the dataset order.</param>
    /// <param name="seed">Seed of the per-epoch permutations.</param>
    /// <param name="dropLast">Skip the last batch when it is smaller than <paramref name="batchSize"/>.</param>
    /// <param name="device">Where batches go (e.g. the GPU); null leaves them where the dataset is.</param>
    public BatchIterator(ImageDataset data, int batchSize, bool shuffle = true, int seed = 0, bool dropLast = false, Device? device = null)
    {
        if (batchSize <= 0) throw new NasUserException($"batch size must be positive, got {batchSize}");
        _data = data;
        _device = device;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed;
        DropLast = dropLast;
    }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }
    /// <summary>Whether every epoch has its own seeded order (otherwise the dataset order).</summary>
    public bool Shuffle { get; }
    /// <summary>The seed of the per-epoch permutations.</summary>
    public int Seed { get; }
    /// <summary>Whether a last batch smaller than <see cref="BatchSize"/> is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Batches per epoch.</summary>
    public int BatchCount => DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>The examples of epoch <paramref name="epoch"/> in the order they are served (all of them, before dropping).</summary>
    /// <param name="epoch">The epoch, from 0.</param>
    public long[] Order(int epoch)
    {
        if (Shuffle) return Permutation.Shuffle(_data.Count, new Random(Permutation.Mix(Seed, epoch)));
        var order = new long[_data.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        return order;
    }

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/> (0-based), made lazily one at a time. Each batch is
    /// the caller's to dispose; do so before taking the next to keep memory flat.
    /// </summary>
    /// <param name="epoch">The epoch, from 0.</param>
    public IEnumerable<Batch> Epoch(int epoch)
    {
        using var order = tensor(Order(epoch));
        for (int i = 0; i < BatchCount; i++)
        {
            long start = (long)i * BatchSize;
            // The slice is disposed here: made between batches, it may belong to no dispose scope.
            using var indices = order.narrow(0, start, Math.Min(BatchSize, _data.Count - start));
            yield return Take(indices);
        }
    }

    private Batch Take(Tensor indices)
    {
        using var scope = NewDisposeScope();
        var images = _data.Images.index_select(0, indices);
        var labels = _data.Labels.index_select(0, indices);
        if (_device is not null && (_device.type != images.device_type || _device.index != images.device_index))
        {
            images = images.to(_device);
            labels = labels.to(_device);
        }
        return new Batch(images, labels);
    }
}
