using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>Mirrors each image left-right with probability 1/2.</summary>
internal static class RandomFlip
{
    // Held for the process: a temporary Scalar may be freed by the GC while libtorch reads it.
    private static readonly Scalar Half = 0.5.ToScalar();

    public static Tensor Apply(Tensor batch, Generator generator)
    {
        long b = batch.shape[0];
        using var scope = NewDisposeScope();
        var flip = (rand([b], generator: generator) < Half).to(batch.device).view(b, 1, 1, 1);
        return where(flip, batch.flip(3), batch).MoveToOuterDisposeScope();
    }
}
