using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>Mirrors each image left-right with probability 1/2.</summary>
internal static class RandomFlip
{
    public static Tensor Apply(Tensor batch, Generator generator)
    {
        long b = batch.shape[0];
        using var scope = NewDisposeScope();
        var flip = (rand([b], generator: generator) < 0.5).to(batch.device).view(b, 1, 1, 1);
        return where(flip, batch.flip(3), batch).MoveToOuterDisposeScope();
    }
}
