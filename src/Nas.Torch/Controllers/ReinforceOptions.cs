namespace Nas.Torch.Controllers;

/// <summary>
/// Settings of <see cref="ReinforceStrategy"/>.
/// </summary>
/// <param name="Controller">The controller's sizes and sampling settings; null for the defaults.</param>
/// <param name="LearningRate">Adam's learning rate. 2e-3 by measurement at the budgets in use (the papers' 3.5e-4 and 6e-4 are for
/// 10,000+ samples; on the synthetic objectives at 100 to 300 trials 3.5e-4 barely moved: docs/benchmarks.md).</param>
/// <param name="BaselineDecay">The baseline is an exponential moving average of rewards with this decay (ENAS: 0.95 to 0.99).</param>
/// <param name="EntropyWeight">Weight of the entropy bonus in the loss; 0 turns it off. 1e-2 by the same measurement (ENAS macro: 1e-4),
/// which keeps the faster controller from settling early.</param>
/// <param name="MaxGradientNorm">Gradients are clipped to this global L2 norm before each step; null turns clipping off. (5 is this library's choice, not a paper's.)</param>
/// <param name="BatchSize">m: how many results the controller waits for before one update.</param>
/// <param name="Reward">What a trial is rewarded with.</param>
/// <param name="RewardEpochs">k for <see cref="ControllerReward.MaxRecentAccuracyCubed"/> (NAS-RL: 5).</param>
public sealed record ReinforceOptions(
    ControllerOptions? Controller = null,
    double LearningRate = 2e-3,
    double BaselineDecay = 0.95,
    double EntropyWeight = 1e-2,
    double? MaxGradientNorm = 5.0,
    int BatchSize = 1,
    ControllerReward Reward = ControllerReward.ValidationAccuracy,
    int RewardEpochs = 5)
{
    /// <summary>The controller settings in effect.</summary>
    public ControllerOptions ControllerOrDefault => Controller ?? new ControllerOptions();

    /// <summary>Checks the settings; throws <see cref="NasUserException"/> naming the bad one.</summary>
    public ReinforceOptions Validated()
    {
        ControllerOrDefault.Validated();
        if (LearningRate <= 0) throw new NasUserException($"reinforce: learning rate must be positive, got {LearningRate}");
        if (BaselineDecay is < 0 or >= 1) throw new NasUserException($"reinforce: baseline decay must be in [0, 1), got {BaselineDecay}");
        if (EntropyWeight < 0) throw new NasUserException($"reinforce: entropy weight must not be negative, got {EntropyWeight}");
        if (MaxGradientNorm is <= 0) throw new NasUserException($"reinforce: max gradient norm must be positive, got {MaxGradientNorm}");
        if (BatchSize < 1) throw new NasUserException($"reinforce: batch size must be positive, got {BatchSize}");
        if (RewardEpochs < 1) throw new NasUserException($"reinforce: reward epochs must be positive, got {RewardEpochs}");
        return this;
    }
}
