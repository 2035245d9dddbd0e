using Nas.Evaluation;

namespace Nas.Strategies;

/// <summary>What a strategy is told about a trial: metrics when it completed, the reason when it failed.</summary>
public sealed record TrialOutcome(TrialStatus Status, TrialMetrics? Metrics, string? Error)
{
    public static TrialOutcome Completed(TrialMetrics metrics) => new(TrialStatus.Completed, metrics, null);
    public static TrialOutcome Failed(string error) => new(TrialStatus.Failed, null, error);

    /// <summary>The objective to maximise: validation accuracy, or null when the trial has none.</summary>
    public double? Objective => Status == TrialStatus.Completed ? Metrics?.ValidationAccuracy : null;
}
