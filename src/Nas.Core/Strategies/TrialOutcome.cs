using Nas.Evaluation;

namespace Nas.Strategies;

/// <summary>What a strategy is told about a trial: metrics when it completed, the reason when it failed.</summary>
/// <param name="Status">Completed, failed or pruned.</param>
/// <param name="Metrics">What was measured (completed and pruned trials), or null.</param>
/// <param name="Error">Why it failed or was pruned, or null.</param>
public sealed record TrialOutcome(TrialStatus Status, TrialMetrics? Metrics, string? Error)
{
    /// <summary>Completed with its metrics; the objective is their validation accuracy.</summary>
    /// <param name="metrics">What the evaluation measured.</param>
    public static TrialOutcome Completed(TrialMetrics metrics) => new(TrialStatus.Completed, metrics, null);
    /// <summary>Failed, with the error's first line; strategies score it as they do failures (REINFORCE: reward 0).</summary>
    /// <param name="error">Why it failed, one line.</param>
    public static TrialOutcome Failed(string error) => new(TrialStatus.Failed, null, error);

    /// <summary>Completed with a plain score to maximise (an objective computed in code): the validation accuracy field holds it.</summary>
    /// <param name="score">The score, higher is better; stored as the validation accuracy.</param>
    public static TrialOutcome Scored(double score) => double.IsFinite(score)
        ? Completed(new TrialMetrics(score, 1 - score, 0, 0, 0, []))
        : Failed($"the score is {score}");

    /// <summary>Stopped early by a pruning rule: the last epoch's metrics, and why.</summary>
    /// <param name="last">The metrics of the last epoch it finished.</param>
    /// <param name="reason">Which rule stopped it, and where.</param>
    public static TrialOutcome Pruned(TrialMetrics last, string reason) => new(TrialStatus.Pruned, last, reason);

    /// <summary>The objective to maximise: validation accuracy of a completed trial, else null (a pruned trial's partial figure is not its objective).</summary>
    public double? Objective => Status == TrialStatus.Completed ? Metrics?.ValidationAccuracy : null;
}
