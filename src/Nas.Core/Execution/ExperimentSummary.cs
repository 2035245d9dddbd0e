using Nas.Strategies;

namespace Nas.Execution;

/// <summary>
/// What a run of the search did: trials told in this run by outcome, trials left unfinished (back in the queue
/// for a resumed run), and the best completed trial of the whole experiment.
/// </summary>
/// <param name="Completed">Trials that completed and were told in this run.</param>
/// <param name="Failed">Trials that failed and were told in this run.</param>
/// <param name="Interrupted">Trials not told when the run ended (pending, running, or finished but untold): a resumed run takes them up.</param>
/// <param name="Cancelled">Whether the run was cancelled before its budget was spent.</param>
/// <param name="Elapsed">Wall time of this run.</param>
/// <param name="BestTrialId">The best completed trial of the whole experiment, or null.</param>
/// <param name="Best">Its proposal, or null.</param>
/// <param name="BestObjective">Its objective (validation accuracy), or null.</param>
public sealed record ExperimentSummary(int Completed, int Failed, int Interrupted, bool Cancelled, TimeSpan Elapsed, long? BestTrialId, Proposal? Best, double? BestObjective)
{
    /// <summary>Trials stopped early by the pruning rule in this run.</summary>
    public int Pruned { get; init; }
}
