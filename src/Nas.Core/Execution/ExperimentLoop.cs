using Nas.Evaluation;
using Nas.Execution.Pruning;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>
/// A search on this machine: one <see cref="Coordinator"/> and <c>workers</c> <see cref="TrialWorker"/>s as
/// threads of this process, sharing the store's trial queue exactly as remote workers do. Every trial is
/// recorded when it is proposed, when it starts and when it ends; a failed evaluation is recorded with its
/// error and told to the strategy as a failure; when the caller cancels, running trials go back to the queue.
/// </summary>
/// <remarks>
/// With one worker the loop is strictly sequential and deterministic (one proposal out at a time). With W,
/// up to W trials run at once and results are told as they arrive, in whatever order they finish: the
/// asynchronous update of the NAS-RL system, where the strategy learns from stale samples.
/// Other workers (<c>nas worker</c> on the same store) may help: they claim from the same queue.
/// </remarks>
public sealed class ExperimentLoop
{
    private readonly IStrategy _strategy;
    private readonly IEvaluator _evaluator;
    private readonly IExperimentStore _store;
    private readonly int _seed;
    private readonly int _workers;

    /// <param name="strategy">Proposes the trials and hears their results.</param>
    /// <param name="evaluator">Trains or scores each architecture.</param>
    /// <param name="store">Where the experiment, its queue and every trial are recorded.</param>
    /// <param name="seed">The experiment's seed; each trial's seed derives from it (<see cref="TrialSeed"/>).</param>
    /// <param name="workers">How many trials may run at once in this process (at least 1).</param>
    public ExperimentLoop(IStrategy strategy, IEvaluator evaluator, IExperimentStore store, int seed, int workers = 1)
    {
        if (workers < 1) throw new ArgumentOutOfRangeException(nameof(workers), workers, "must be at least 1");
        _strategy = strategy;
        _evaluator = evaluator;
        _store = store;
        _seed = seed;
        _workers = workers;
    }

    /// <summary>Queue timing (leases, heartbeats, retries).</summary>
    public QueueSettings Queue { get; init; } = new();

    /// <summary>The early-stopping rule applied after each epoch (none by default).</summary>
    public IPruner? Pruner { get; init; }

    /// <summary>The seed of a trial: fixed by the experiment seed and the proposal number.</summary>
    /// <param name="experimentSeed">The experiment's seed.</param>
    /// <param name="proposalId">The strategy's number for the proposal.</param>
    public static int TrialSeed(int experimentSeed, long proposalId) => unchecked((int)((uint)experimentSeed * 2654435761u ^ (uint)(proposalId * 40503 + 1)) & int.MaxValue);

    /// <summary>Runs the coordinator and the workers until the budget is spent and every result is told, or until cancelled.</summary>
    /// <param name="budget">When to stop proposing; trials already in the store count (a resumed search continues).</param>
    /// <param name="observer">Hears every trial as it starts and ends and gets its training progress; null for none.</param>
    /// <param name="cancellationToken">Stops the search: running trials go back to the queue, and the summary says it was cancelled.</param>
    public async Task<ExperimentSummary> RunAsync(Budget budget, IExperimentObserver? observer = null, CancellationToken cancellationToken = default)
    {
        budget.Validate();
        // Running before any worker looks: a worker that found the state of an earlier, finished run would leave at
        // once, and the trials of a resumed search with a larger budget would wait for nobody.
        _store.SetValue(ExperimentState.Key, ExperimentState.Running);
        var bell = new Doorbell();
        using var failure = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var coordinator = new Coordinator(_strategy, _store, _seed, Queue) { Outstanding = _workers };
        var workers = Enumerable.Range(0, _workers).Select(i =>
        {
            var worker = new TrialWorker(TrialWorker.DefaultName(i), _store, _evaluator, Queue, Pruner, coordinator.Resolve, alone: _workers == 1);
            // A worker that breaks (not a failed trial: those are recorded) stops the whole search.
            return Task.Factory.StartNew(() => worker.RunAsync(observer, bell, null, failure.Token), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()
                .ContinueWith(t => { if (t.IsFaulted) failure.Cancel(); return t; }, TaskScheduler.Default).Unwrap();
        }).ToArray();
        ExperimentSummary summary;
        try { summary = await coordinator.RunAsync(budget, observer, bell, failure.Token).ConfigureAwait(false); }
        catch
        {
            // The strategy side broke: stop the workers (their trials go back to the queue) before reporting it.
            failure.Cancel();
            try { await Task.WhenAll(workers).ConfigureAwait(false); } catch (Exception) { /* the first failure is the one to report */ }
            throw;
        }
        try { await Task.WhenAll(workers).ConfigureAwait(false); }
        catch (Exception) when (workers.FirstOrDefault(w => w.IsFaulted) is { } broken) { throw broken.Exception!.InnerException!; }
        return summary with { Interrupted = (int)_store.Counts().Untold };
    }
}
