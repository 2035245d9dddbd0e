using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>
/// Batch norm as every network here builds it: TorchSharp's BatchNorm2d and BatchNorm1d without the
/// <c>num_batches_tracked</c> counter. The counter only matters when momentum is unset (a cumulative
/// average); with momentum 0.1 it is dead weight, and TorchSharp increments it with a temporary Scalar that
/// the GC can finalize while libtorch still reads it (seen as "Expected false to be true" from
/// <c>Scalar::toLong</c> in <c>add_</c>, at random, in long test runs).
/// </summary>
public static class Norms
{
    // NAS0001 reports TorchSharp's batch norms, whose forward counts batches with a temporary Scalar; these
    // two remove the counter, so that forward makes none.
#pragma warning disable NAS0001
    /// <summary>TorchSharp's <c>nn.BatchNorm2d</c> without its batch counter.</summary>
    /// <param name="channels">The channels normalised.</param>
    /// <param name="affine">Whether it learns a scale and an offset.</param>
    public static BatchNorm2d BatchNorm2d(long channels, bool affine = true)
    {
        var bn = nn.BatchNorm2d(channels, affine: affine);
        bn.num_batches_tracked = null;
        return bn;
    }

    /// <summary>TorchSharp's <c>nn.BatchNorm1d</c> without its batch counter.</summary>
    /// <param name="features">The features normalised.</param>
    /// <param name="affine">Whether it learns a scale and an offset.</param>
    public static BatchNorm1d BatchNorm1d(long features, bool affine = true)
    {
        var bn = nn.BatchNorm1d(features, affine: affine);
        bn.num_batches_tracked = null;
        return bn;
    }
#pragma warning restore NAS0001
}
