using Nas.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Controllers;

/// <summary>
/// The REINFORCE loss, with its sign written here and nowhere else. Minimising it raises the
/// log-probability of architectures that did better than the baseline (positive advantage), lowers it
/// for worse ones, rewards entropy and pulls the skip density to its target.
/// </summary>
internal static class PolicyGradientLoss
{
    /// <summary><c>loss = -advantage * log p(a) - entropyWeight * H + skipWeight * KL</c>.</summary>
    public static Tensor Of(PolicyTerms terms, double advantage, double entropyWeight, double skipWeight)
    {
        // Scalars held until the ops are done: a temporary one may be freed while libtorch reads it.
        using var minusAdvantage = (-advantage).ToScalar();
        using var entropy = entropyWeight.ToScalar();
        using var skip = skipWeight.ToScalar();
        return terms.LogProbability.mul(minusAdvantage).sub(terms.Entropy.mul(entropy)).add(terms.SkipPenalty.mul(skip), HeldScalars.One);
    }
}
