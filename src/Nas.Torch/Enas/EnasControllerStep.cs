namespace Nas.Torch.Enas;

/// <summary>One REINFORCE update of the <see cref="EnasController"/>: the reward, the baseline after it, the advantage learned from, and the entropy of the sampled child's distributions.</summary>
public readonly record struct EnasControllerStep(double Reward, double Baseline, double Advantage, double Entropy);
