namespace Nas.Torch.Controllers;

/// <summary>
/// One update of the controller, for the experiment record: its number (1-based), the mean reward of the
/// batch it learned from, the baseline after folding that batch in, and the mean entropy of the batch's
/// architectures under the parameters before the update.
/// </summary>
/// <param name="Step">The update's number, from 1.</param>
/// <param name="MeanReward">The mean reward of its batch.</param>
/// <param name="Baseline">The baseline after folding the batch in.</param>
/// <param name="Entropy">The mean entropy of the batch's architectures, nats.</param>
public sealed record ControllerStep(int Step, double MeanReward, double Baseline, double Entropy);
