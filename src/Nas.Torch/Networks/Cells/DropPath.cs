using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Cells;

/// <summary>
/// Drop-path (NASNet's ScheduledDropPath as DARTS applies it): zeroes an edge's output for a random
/// subset of the batch's samples and scales the rest by 1/(1-p), so the expectation is unchanged.
/// </summary>
internal static class DropPath
{
    public static Tensor Apply(Tensor x, double probability)
    {
        double keep = 1.0 - probability;
        using var keepScalar = keep.ToScalar(); // held to the end: a temporary Scalar may be freed mid-call
        using var mask = empty(new[] { x.shape[0], 1L, 1L, 1L }, x.dtype, x.device).bernoulli_(keep);
        using var scaled = x.div(keepScalar);
        return scaled.mul(mask);
    }
}
