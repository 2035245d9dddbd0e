namespace Nas.Torch.Controllers;

/// <summary>What the controller is rewarded with for a trial.</summary>
public enum ControllerReward
{
    /// <summary>The trial's validation accuracy.</summary>
    ValidationAccuracy,

    /// <summary>
    /// NAS-RL's reward: the best validation accuracy of the last k epochs, cubed (k =
    /// <see cref="ReinforceOptions.RewardEpochs"/>); the final validation accuracy, cubed, when the trial
    /// reports no learning curve.
    /// </summary>
    MaxRecentAccuracyCubed,
}
