using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>
/// Batch norm as every network here builds it: TorchSharp's BatchNorm2d without the
/// <c>num_batches_tracked</c> counter. The counter only matters when momentum is unset (a cumulative
/// average); with momentum 0.1 it is dead weight, and TorchSharp increments it with a temporary Scalar that
/// the GC can finalize while libtorch still reads it (seen as "Expected false to be true" from
/// <c>Scalar::toLong</c> in <c>add_</c>, at random, in long test runs).
/// </summary>
public static class Norms
{
    public static BatchNorm2d BatchNorm2d(long channels, bool affine = true)
    {
        var bn = nn.BatchNorm2d(channels, affine: affine);
        bn.num_batches_tracked = null;
        return bn;
    }
}
