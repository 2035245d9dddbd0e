using static TorchSharp.torch;

namespace Nas.Torch.Text;

/// <summary>
/// Batchified token streams: the ids are cut into <c>batch</c> contiguous columns of equal length
/// (the remainder dropped), so row t holds token t of every column: shape [steps, batch], int64.
/// </summary>
public static class TextBatches
{
    /// <summary>The ids as [steps, batch] int64; throws <see cref="NasUserException"/> when fewer than two rows would remain.</summary>
    /// <param name="ids">The token ids, in order.</param>
    /// <param name="batchSize">The columns, at least 1.</param>
    public static Tensor Batchify(int[] ids, int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize));
        long steps = ids.Length / batchSize;
        if (steps < 2) throw new NasUserException($"text split of {ids.Length} tokens is too short for batches of {batchSize} columns");
        var data = new long[steps * batchSize];
        for (long s = 0; s < steps; s++)
            for (int b = 0; b < batchSize; b++)
                data[s * batchSize + b] = ids[b * steps + s];
        return tensor(data, new[] { steps, (long)batchSize }, ScalarType.Int64);
    }
}
