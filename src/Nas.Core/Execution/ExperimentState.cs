namespace Nas.Execution;

/// <summary>The experiment's state as the store keeps it (<c>experiment.state</c>): workers stop once it is over.</summary>
public static class ExperimentState
{
    /// <summary>The key of the experiment-wide value that holds the state.</summary>
    public const string Key = "state";
    /// <summary>The search is running (or died while running): workers keep claiming.</summary>
    public const string Running = "running";
    /// <summary>The budget is spent and every result told.</summary>
    public const string Finished = "finished";
    /// <summary>The search was stopped before its budget was spent (it can be resumed).</summary>
    public const string Stopped = "stopped";
}
