using Nas.Evaluation;

namespace Nas.Torch.Final;

/// <summary>Where and how a final training runs.</summary>
public sealed record TrainingSession
{
    /// <summary>Where the model, the result and the checkpoint go (see <see cref="FinalOutput"/>).</summary>
    public required string Directory { get; init; }

    /// <summary>Continue the run whose checkpoint is in <see cref="Directory"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>Where batch and epoch progress go; null for nowhere.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Asked after every epoch of an image training how many epochs it has in all (a time budget's re-plan); null: the recipe's.</summary>
    public Training.EpochReplan? Replan { get; init; }

    /// <summary>Told the epochs a resumed run found done, before it goes on.</summary>
    public Action<int>? Resumed { get; init; }
}
