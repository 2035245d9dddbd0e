namespace Nas.Strategies;

/// <summary>The life of a trial, as the store records it.</summary>
public enum TrialStatus
{
    /// <summary>Proposed, not yet started.</summary>
    Pending,
    /// <summary>Being evaluated.</summary>
    Running,
    /// <summary>Evaluated; metrics are present.</summary>
    Completed,
    /// <summary>The evaluation failed (exception, diverged loss, out of memory); the error is recorded.</summary>
    Failed,
    /// <summary>Stopped early by a pruning rule; the last metrics are recorded.</summary>
    Pruned,
    /// <summary>Cancelled by the user before it finished; not told to the strategy.</summary>
    Interrupted,
}
