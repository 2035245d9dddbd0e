namespace Nas.Torch.Controllers;

/// <summary>
/// One update of the controller, for the experiment record: its number (1-based), the mean reward of the
/// batch it learned from, the baseline after folding that batch in, and the mean entropy of the batch's
/// architectures under the parameters before the update.
/// </summary>
public sealed record ControllerStep(int Step, double MeanReward, double Baseline, double Entropy);
