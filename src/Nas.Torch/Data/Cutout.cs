using Nas.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>
/// Cutout (DeVries and Taylor, 2017, as in the DARTS code): zeros an L x L square, in every channel,
/// centred on a uniformly random pixel of each image and clipped at the borders. Vectorised as a
/// [B, H, W] mask built from per-image row and column ranges.
/// </summary>
internal static class Cutout
{
    public static Tensor Apply(Tensor batch, int length, Generator generator)
    {
        long b = batch.shape[0], h = batch.shape[2], w = batch.shape[3];
        using var scope = NewDisposeScope();
        var rows = Band(randint(0, h, [b], generator: generator), length, h);
        var columns = Band(randint(0, w, [b], generator: generator), length, w);
        var square = (rows.unsqueeze(2) & columns.unsqueeze(1)).unsqueeze(1).to(batch.device);
        return batch.masked_fill(square, HeldScalars.Zero).MoveToOuterDisposeScope();
    }

    /// <summary>[B, size] mask of the positions within [centre - length/2, centre - length/2 + length).</summary>
    private static Tensor Band(Tensor centre, int length, long size)
    {
        // Scalars held to the end of the method: a temporary one may be freed while libtorch reads it.
        using var half = (length / 2).ToScalar();
        using var lengthScalar = length.ToScalar();
        using var stop = size.ToScalar();
        var start = centre.sub(half).unsqueeze(1);
        var position = arange(HeldScalars.Zero, stop, HeldScalars.One);
        return (position >= start) & (position < start.add(lengthScalar, HeldScalars.One));
    }
}
