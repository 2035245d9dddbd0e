using System.Diagnostics;
using System.Text;
using Nas.Architectures;
using Nas.Evaluation;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>
/// The strategy's side of the queue: asks the strategy for proposals and enqueues them, and tells it every
/// result as it arrives, in whatever order workers finish (the asynchronous, stale-sample update of the NAS-RL
/// system), until the budget is spent and every result is told. It never trains anything itself.
/// </summary>
/// <remarks>
/// <para>Crash-safe: a stateful strategy's whole state is saved in the same transaction as each enqueue and
/// each "told" mark, so after a kill at any moment the saved state and the trial rows agree. Resuming is
/// restoring that state (<see cref="Restore"/>) and running again: untold results are told, pending trials
/// are claimed, and the budget counts every trial already in the store, so nothing is lost or redone.</para>
/// <para>How many proposals are out at once: <see cref="Outstanding"/> when set (the local search keeps
/// exactly one per worker, so one worker is strictly sequential and deterministic); otherwise every running
/// trial plus <see cref="Pending"/> waiting to be claimed, for however many remote workers there are.</para>
/// </remarks>
public sealed class Coordinator
{
    private readonly IStrategy _strategy;
    private readonly IExperimentStore _store;
    private readonly int _seed;
    private readonly QueueSettings _settings;
    // Proposals enqueued by this process, so that in-process workers and the tells use the strategy's own
    // objects (spaces defined in code need no catalog entry); after a resume they are rebuilt from JSON.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Proposal> _proposals = new();

    /// <param name="strategy">Proposes the trials and hears their results.</param>
    /// <param name="store">The experiment's store, whose trial queue workers claim from.</param>
    /// <param name="seed">The experiment's seed; each trial's seed derives from it and the proposal number.</param>
    /// <param name="settings">Leases and retries (default: <see cref="QueueSettings"/>'s).</param>
    public Coordinator(IStrategy strategy, IExperimentStore store, int seed, QueueSettings? settings = null)
    {
        _strategy = strategy;
        _store = store;
        _seed = seed;
        _settings = (settings ?? new QueueSettings()).Validated();
    }

    /// <summary>Proposals out at once (pending, running or untold), or null to follow the running count.</summary>
    public int? Outstanding { get; init; }

    /// <summary>Trials kept waiting for remote workers beyond those running (when <see cref="Outstanding"/> is null).</summary>
    public int Pending { get; init; } = 2;

    /// <summary>The key a strategy's state is saved under.</summary>
    /// <param name="strategy">The strategy.</param>
    public static string StateKey(IStrategy strategy) => strategy.Name;

    /// <summary>Restores the strategy's saved state, if any; returns whether there was one.</summary>
    /// <param name="strategy">A strategy built as the saved one was (same space and settings).</param>
    /// <param name="store">The experiment's store.</param>
    public static bool Restore(IStrategy strategy, IExperimentStore store)
    {
        if (strategy is not IStatefulStrategy stateful || store.LoadState(StateKey(strategy)) is not { } saved) return false;
        stateful.ImportState(Encoding.UTF8.GetString(saved));
        return true;
    }

    /// <summary>
    /// Enqueues proposals and tells results until the budget is spent and every result is told (the experiment's state
    /// becomes finished), or until cancelled (stopped, resumable).
    /// </summary>
    /// <param name="budget">When to stop proposing; trials already in the store count.</param>
    /// <param name="observer">Hears every trial as it starts and ends; null for none.</param>
    /// <param name="bell">Rung on every queue change, so in-process workers wake at once; null to poll.</param>
    /// <param name="cancellationToken">Stops the search; unfinished trials stay in the queue for a resume.</param>
    public async Task<ExperimentSummary> RunAsync(Budget budget, IExperimentObserver? observer = null, Doorbell? bell = null, CancellationToken cancellationToken = default)
    {
        budget.Validate();
        var clock = Stopwatch.StartNew();
        int completed = 0, failed = 0, pruned = 0;
        bool exhausted = false;
        _store.SetValue(ExperimentState.Key, ExperimentState.Running);

        bool MayEnqueue(long total) => !exhausted && !cancellationToken.IsCancellationRequested
            && !(budget.MaxTrials is { } max && total >= max)
            && !(budget.MaxDuration is { } limit && clock.Elapsed >= limit);

        while (true)
        {
            var signal = bell?.Signal ?? Doorbell.Never;
            _store.RequeueExpired(_settings.MaxAttempts);
            foreach (var trial in _store.Untold())
            {
                if (cancellationToken.IsCancellationRequested) break;
                var proposal = _proposals.TryGetValue(trial.ProposalId, out var mine) ? mine : new Proposal(trial.ProposalId, Architecture.FromJson(trial.ArchitectureJson));
                var outcome = OutcomeOf(trial);
                _strategy.Tell(proposal, outcome);
                _store.MarkTold(trial.Id, Snapshot());
                switch (outcome.Status)
                {
                    case TrialStatus.Completed: completed++; break;
                    case TrialStatus.Pruned: pruned++; break;
                    default: failed++; break;
                }
                observer?.TrialFinished(trial.Id, proposal, outcome);
            }
            var counts = _store.Counts();
            long total = counts.Total, outstanding = counts.Untold;
            long target = Outstanding ?? counts.Running + Pending;
            bool enqueued = false;
            while (outstanding < target && MayEnqueue(total))
            {
                if (_strategy.Exhausted) { exhausted = true; break; }
                var proposal = _strategy.Ask();
                _proposals[proposal.Id] = proposal;
                _store.Enqueue(proposal, ExperimentLoop.TrialSeed(_seed, proposal.Id), Snapshot());
                total++;
                outstanding++;
                enqueued = true;
            }
            if (enqueued) bell?.Ring();
            if (cancellationToken.IsCancellationRequested) break;
            if (outstanding == 0 && !MayEnqueue(total)) break;
            await Doorbell.WaitAsync(signal, _settings.Poll, cancellationToken).ConfigureAwait(false);
        }

        bool cancelled = cancellationToken.IsCancellationRequested;
        _store.SetValue(ExperimentState.Key, cancelled ? ExperimentState.Stopped : ExperimentState.Finished);
        bell?.Ring();
        var best = TrialRecords.Best(_store.Trials());
        int interrupted = (int)_store.Counts().Untold;
        return new ExperimentSummary(completed, failed, interrupted, cancelled, clock.Elapsed, best?.Id,
            best is null ? null : new Proposal(best.ProposalId, Resolve(best.ProposalId, best.ArchitectureJson)), best?.ValidationAccuracy)
        { Pruned = pruned };
    }

    /// <summary>The architecture of a stored trial: the strategy's own object when this process proposed it, else read from its JSON.</summary>
    /// <param name="proposalId">The strategy's number for the proposal.</param>
    /// <param name="json">The stored architecture.</param>
    public Architecture Resolve(long proposalId, string json) => _proposals.TryGetValue(proposalId, out var p) ? p.Architecture : Architecture.FromJson(json);

    private StrategySnapshot? Snapshot() => _strategy is IStatefulStrategy stateful
        ? new StrategySnapshot(StateKey(_strategy), Encoding.UTF8.GetBytes(stateful.ExportState()))
        : null;

    /// <summary>What the strategy is told of a finished trial, rebuilt from its row.</summary>
    /// <param name="trial">A finished trial (completed, failed or pruned).</param>
    public static TrialOutcome OutcomeOf(TrialRecord trial) => trial.Status switch
    {
        TrialStatus.Completed => TrialOutcome.Completed(MetricsOf(trial)),
        TrialStatus.Pruned => TrialOutcome.Pruned(MetricsOf(trial), trial.Error ?? "pruned"),
        _ => TrialOutcome.Failed(trial.Error ?? "failed"),
    };

    private static TrialMetrics MetricsOf(TrialRecord t) => new(t.ValidationAccuracy ?? double.NaN, t.ValidationLoss ?? double.NaN,
        t.Parameters ?? 0, t.MultiplyAdds ?? 0, t.TrainingSeconds ?? 0, t.Epochs) { LatencyMilliseconds = t.LatencyMilliseconds };
}
