using Nas.Strategies;

namespace Nas.Torch.Controllers;

/// <summary>Turns a trial's outcome into the controller's reward.</summary>
internal static class RewardFunction
{
    /// <summary>
    /// The reward of an outcome. An outcome with metrics (completed, or pruned with its partial curve) is
    /// rewarded from them; one without (a failure) gets 0, the worst accuracy, so the controller learns to
    /// avoid what breaks instead of never hearing of it.
    /// </summary>
    public static double Of(TrialOutcome outcome, ControllerReward kind, int epochs)
    {
        if (outcome.Status is not (TrialStatus.Completed or TrialStatus.Pruned) || outcome.Metrics is not { } metrics) return 0;
        double reward = kind switch
        {
            ControllerReward.MaxRecentAccuracyCubed => Math.Pow(metrics.Epochs.Count == 0
                ? metrics.ValidationAccuracy
                : metrics.Epochs.TakeLast(epochs).Max(e => e.ValidationAccuracy), 3),
            _ => metrics.ValidationAccuracy,
        };
        return double.IsFinite(reward) ? reward : 0;
    }
}
