namespace Nas.Evaluation;

/// <summary>What an evaluator knows about the trial it runs: its number, its seed, and where to report progress.</summary>
/// <param name="TrialId">The trial's number in the store.</param>
/// <param name="Seed">The trial's seed: the evaluator seeds everything random with it.</param>
/// <param name="Progress">Where to report each batch and finished epoch; null for nowhere. A pruning rule listening here may throw <see cref="TrialPrunedException"/> from a finished epoch's report.</param>
public sealed record TrialContext(long TrialId, int Seed, IProgress<TrainingProgress>? Progress = null)
{
    /// <summary>
    /// Whether nothing else is evaluated in this process while this trial runs (a search with one worker, or
    /// <c>nas worker</c>): an evaluator may then change process-wide settings for the trial's own network.
    /// </summary>
    public bool Alone { get; init; }
}
