using Nas.Strategies;

namespace Nas.Execution;

/// <summary>
/// What a run of the search did: trials told in this run by outcome, trials left unfinished (back in the queue
/// for a resumed run), and the best completed trial of the whole experiment.
/// </summary>
public sealed record ExperimentSummary(int Completed, int Failed, int Interrupted, bool Cancelled, TimeSpan Elapsed, long? BestTrialId, Proposal? Best, double? BestObjective)
{
    /// <summary>Trials stopped early by the pruning rule in this run.</summary>
    public int Pruned { get; init; }
}
