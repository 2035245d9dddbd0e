using Nas.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// The Gumbel-softmax (concrete) relaxation SNAS samples with: per row of logits,
/// softmax((log_softmax(logits) + g) / τ) with g = -log(-log U), U uniform in (0, 1). As τ → 0 a sample
/// approaches a one-hot vector whose position is distributed as softmax(logits); at any τ it is
/// differentiable in the logits.
/// </summary>
public static class GumbelSoftmax
{
    // U's bounds, held for the process: a temporary Scalar may be freed by the GC while libtorch reads it.
    private static readonly Scalar Low = 1e-10.ToScalar(), High = (1.0 - 1e-7).ToScalar();

    /// <summary>A relaxed one-hot sample per row of <paramref name="logits"/> at temperature <paramref name="temperature"/>.</summary>
    /// <param name="logits">Logits [rows, ops] (alpha).</param>
    /// <param name="temperature">τ, positive: lower is closer to one-hot.</param>
    /// <param name="generator">The Gumbel noise's generator; null: libtorch's global one.</param>
    public static Tensor Sample(Tensor logits, double temperature, Generator? generator = null)
    {
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), "temperature must be positive");
        using var scope = NewDisposeScope();
        using var tau = temperature.ToScalar();
        var u = rand(logits.shape, dtype: logits.dtype, device: logits.device, generator: generator).clamp(Low, High);
        var gumbel = u.log().neg().log().neg();
        var y = nn.functional.log_softmax(logits, -1).add(gumbel, HeldScalars.One).div(tau);
        return nn.functional.softmax(y, -1).MoveToOuterDisposeScope();
    }

    /// <summary>The annealed temperature of epoch <paramref name="epoch"/> (0-based) of <paramref name="epochs"/>: geometric from start to end.</summary>
    /// <param name="epoch">The epoch, from 0.</param>
    /// <param name="epochs">The epochs in all.</param>
    /// <param name="start">The first epoch's temperature.</param>
    /// <param name="end">The last epoch's temperature.</param>
    public static double Temperature(int epoch, int epochs, double start, double end) =>
        epochs <= 1 ? start : start * Math.Pow(end / start, (double)epoch / (epochs - 1));
}
