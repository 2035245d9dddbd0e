namespace Nas.Torch.Enas;

/// <summary>One REINFORCE update of the <see cref="EnasController"/>: the reward, the baseline after it, the advantage learned from, and the entropy of the sampled child's distributions.</summary>
/// <param name="Reward">The child's reward.</param>
/// <param name="Baseline">The moving-average baseline, updated with this reward.</param>
/// <param name="Advantage">Reward minus the updated baseline: the step's weight.</param>
/// <param name="Entropy">The entropy of the distributions the child was sampled from, nats.</param>
public readonly record struct EnasControllerStep(double Reward, double Baseline, double Advantage, double Entropy);
