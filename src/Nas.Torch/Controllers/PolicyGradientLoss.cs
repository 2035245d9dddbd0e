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
    public static Tensor Of(PolicyTerms terms, double advantage, double entropyWeight, double skipWeight) =>
        -advantage * terms.LogProbability - entropyWeight * terms.Entropy + skipWeight * terms.SkipPenalty;
}
