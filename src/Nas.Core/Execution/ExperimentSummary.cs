using Nas.Strategies;

namespace Nas.Execution;

/// <summary>What a run of the loop did: trials by status and the best completed one.</summary>
public sealed record ExperimentSummary(int Completed, int Failed, int Interrupted, bool Cancelled, TimeSpan Elapsed, long? BestTrialId, Proposal? Best, double? BestObjective);
