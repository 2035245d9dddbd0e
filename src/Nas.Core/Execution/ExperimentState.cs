namespace Nas.Execution;

/// <summary>The experiment's state as the store keeps it (<c>experiment.state</c>): workers stop once it is over.</summary>
public static class ExperimentState
{
    public const string Key = "state";
    public const string Running = "running";
    /// <summary>The budget is spent and every result told.</summary>
    public const string Finished = "finished";
    /// <summary>The search was stopped before its budget was spent (it can be resumed).</summary>
    public const string Stopped = "stopped";
}
