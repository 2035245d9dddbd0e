using Nas.Evaluation;

namespace Nas.Strategies;

/// <summary>What a strategy is told about a trial: metrics when it completed, the reason when it failed.</summary>
public sealed record TrialOutcome(TrialStatus Status, TrialMetrics? Metrics, string? Error)
{
    /// <summary>Completed with its metrics; the objective is their validation accuracy.</summary>
    public static TrialOutcome Completed(TrialMetrics metrics) => new(TrialStatus.Completed, metrics, null);
    /// <summary>Failed, with the error's first line; strategies score it as they do failures (REINFORCE: reward 0).</summary>
    public static TrialOutcome Failed(string error) => new(TrialStatus.Failed, null, error);

    /// <summary>Completed with a plain score to maximise (an objective computed in code): the validation accuracy field holds it.</summary>
    public static TrialOutcome Scored(double score) => double.IsFinite(score)
        ? Completed(new TrialMetrics(score, 1 - score, 0, 0, 0, []))
        : Failed($"the score is {score}");

    /// <summary>Stopped early by a pruning rule: the last epoch's metrics, and why.</summary>
    public static TrialOutcome Pruned(TrialMetrics last, string reason) => new(TrialStatus.Pruned, last, reason);

    /// <summary>The objective to maximise: validation accuracy of a completed trial, else null (a pruned trial's partial figure is not its objective).</summary>
    public double? Objective => Status == TrialStatus.Completed ? Metrics?.ValidationAccuracy : null;
}
