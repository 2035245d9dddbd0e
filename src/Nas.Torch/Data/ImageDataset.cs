using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>
/// Images and labels held in memory as tensors: <see cref="Images"/> is float32 [N, C, H, W]
/// (pixel values scaled to [0, 1] by the readers, normalised later), <see cref="Labels"/> int64 [N].
/// The tensors are detached from every dispose scope: the dataset owns them until disposed.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    /// <summary>Takes both tensors out of their dispose scope; the dataset owns them from here on.</summary>
    /// <param name="name">A name for messages (<c>fashion-mnist/train</c>).</param>
    /// <param name="images">float32 [N, C, H, W].</param>
    /// <param name="labels">int64 [N], class indices in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">The number of classes.</param>
    public ImageDataset(string name, Tensor images, Tensor labels, int classes)
    {
        if (images.dim() != 4) throw new ArgumentException("images must be [N, C, H, W]", nameof(images));
        if (labels.dim() != 1 || labels.shape[0] != images.shape[0]) throw new ArgumentException("labels must be [N] with N as in images", nameof(labels));
        Name = name;
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        Classes = classes;
    }

    /// <summary>A name for messages.</summary>
    public string Name { get; }
    /// <summary>float32 [N, C, H, W].</summary>
    public Tensor Images { get; }
    /// <summary>int64 [N], class indices.</summary>
    public Tensor Labels { get; }
    /// <summary>The number of classes (a property of the data set, whatever labels this part holds).</summary>
    public int Classes { get; }

    /// <summary>N, the number of examples.</summary>
    public int Count => (int)Images.shape[0];
    /// <summary>C, the image channels.</summary>
    public int Channels => (int)Images.shape[1];
    /// <summary>H, the image height in pixels.</summary>
    public int Height => (int)Images.shape[2];
    /// <summary>W, the image width in pixels.</summary>
    public int Width => (int)Images.shape[3];

    /// <summary>A new dataset of the given rows (copies).</summary>
    /// <param name="indices">The rows to copy, in the order wanted.</param>
    /// <param name="name">The new dataset's name (default: this one's).</param>
    public ImageDataset Select(long[] indices, string? name = null)
    {
        using var scope = NewDisposeScope();
        using var index = tensor(indices, ScalarType.Int64);
        var images = Images.index_select(0, index).MoveToOuterDisposeScope();
        var labels = Labels.index_select(0, index).MoveToOuterDisposeScope();
        return new ImageDataset(name ?? Name, images, labels, Classes);
    }

    /// <summary>A new dataset of <paramref name="count"/> rows chosen at random by <paramref name="seed"/>, kept in their order here (copies).</summary>
    /// <param name="count">Rows to keep, at most <see cref="Count"/>.</param>
    /// <param name="seed">Seeds the choice: the same seed and count give the same rows.</param>
    /// <param name="name">The new dataset's name (default: this one's).</param>
    public ImageDataset Sample(int count, int seed, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        var kept = Permutation.Shuffle(Count, new Random(seed))[..count];
        Array.Sort(kept);
        return Select(kept, name);
    }

    /// <summary>The first <paramref name="count"/> rows as a new dataset that shares this one's memory (no copy; disposing it leaves this one whole).</summary>
    /// <param name="count">Rows to keep, 1 to <see cref="Count"/>.</param>
    /// <param name="name">The new dataset's name (default: this one's).</param>
    public ImageDataset Take(int count, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        using var scope = NewDisposeScope();
        return new ImageDataset(name ?? Name, Images.narrow(0, 0, count).MoveToOuterDisposeScope(), Labels.narrow(0, 0, count).MoveToOuterDisposeScope(), Classes);
    }

    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
