namespace Nas.Evaluation;

/// <summary>What an evaluator knows about the trial it runs: its number, its seed, and where to report progress.</summary>
public sealed record TrialContext(long TrialId, int Seed, IProgress<TrainingProgress>? Progress = null);
