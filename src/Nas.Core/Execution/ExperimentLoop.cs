using System.Diagnostics;
using Nas.Evaluation;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>
/// The one experiment loop: ask the strategy, evaluate, record, tell, until the budget is spent,
/// the strategy has nothing more, or the caller cancels. Every trial is recorded in the store before
/// it runs and when it ends; a failed evaluation is recorded with its error and told to the strategy
/// as a failure; a cancelled one is recorded as interrupted and not told.
/// </summary>
/// <remarks>
/// With <c>workers</c> above 1, up to that many trials run at once (each on its own thread) and results
/// are told as they arrive, in whatever order they finish: the asynchronous update of the NAS-RL system,
/// where the strategy learns from stale samples. The strategy is asked for a new proposal as soon as a
/// worker is free. With one worker the loop is strictly sequential and deterministic.
/// </remarks>
public sealed class ExperimentLoop
{
    private readonly IStrategy _strategy;
    private readonly IEvaluator _evaluator;
    private readonly IExperimentStore _store;
    private readonly int _seed;
    private readonly int _workers;

    /// <param name="workers">How many trials may run at once (at least 1).</param>
    public ExperimentLoop(IStrategy strategy, IEvaluator evaluator, IExperimentStore store, int seed, int workers = 1)
    {
        if (workers < 1) throw new NasUserException($"--workers must be at least 1, got {workers}");
        _strategy = strategy;
        _evaluator = evaluator;
        _store = store;
        _seed = seed;
        _workers = workers;
    }

    /// <summary>The seed of a trial: fixed by the experiment seed and the proposal number.</summary>
    public static int TrialSeed(int experimentSeed, long proposalId) => unchecked((int)((uint)experimentSeed * 2654435761u ^ (uint)(proposalId * 40503 + 1)) & int.MaxValue);

    public async Task<ExperimentSummary> RunAsync(Budget budget, IExperimentObserver? observer = null, CancellationToken cancellationToken = default)
    {
        budget.Validate();
        var clock = Stopwatch.StartNew();
        int completed = 0, failed = 0, interrupted = 0, started = 0;
        bool exhausted = false;
        (long Trial, Proposal Proposal, double Objective)? best = null;
        var running = new List<Task<(long Trial, Proposal Proposal, TrialOutcome? Outcome)>>();

        bool MayStart() => !exhausted && !cancellationToken.IsCancellationRequested
            && !(budget.MaxTrials is { } max && started >= max)
            && !(budget.MaxDuration is { } limit && clock.Elapsed >= limit);

        while (true)
        {
            while (running.Count < _workers && MayStart())
            {
                var proposal = _strategy.Ask();
                if (proposal is null) { exhausted = true; break; }
                int seed = TrialSeed(_seed, proposal.Id);
                long trialId = _store.StartTrial(proposal.Id, proposal.Architecture, seed);
                started++;
                observer?.TrialStarted(trialId, proposal);
                var progress = new RecordingProgress(_store, trialId, observer?.ProgressFor(trialId));
                var context = new TrialContext(trialId, seed, progress);
                running.Add(_workers == 1
                    ? Evaluate(trialId, proposal, context, cancellationToken)
                    : Task.Run(() => Evaluate(trialId, proposal, context, cancellationToken), CancellationToken.None));
            }
            if (running.Count == 0) break;

            var done = await Task.WhenAny(running).ConfigureAwait(false);
            running.Remove(done);
            var (id, finished, outcome) = await done.ConfigureAwait(false);
            if (outcome is null)
            {
                _store.FinishTrial(id, new TrialOutcome(TrialStatus.Interrupted, null, "cancelled by the user"));
                interrupted++;
                continue;
            }
            _store.FinishTrial(id, outcome);
            _strategy.Tell(finished, outcome);
            observer?.TrialFinished(id, finished, outcome);
            if (outcome.Status == TrialStatus.Completed)
            {
                completed++;
                double objective = outcome.Objective!.Value;
                if (best is null || objective > best.Value.Objective || (objective == best.Value.Objective && id < best.Value.Trial))
                    best = (id, finished, objective);
            }
            else failed++;
        }
        bool cancelled = cancellationToken.IsCancellationRequested;
        return new ExperimentSummary(completed, failed, interrupted, cancelled, clock.Elapsed, best?.Trial, best?.Proposal, best?.Objective);
    }

    /// <summary>One trial; a null outcome means it was cancelled.</summary>
    private async Task<(long, Proposal, TrialOutcome?)> Evaluate(long trialId, Proposal proposal, TrialContext context, CancellationToken cancellationToken)
    {
        try
        {
            var metrics = await _evaluator.EvaluateAsync(proposal.Architecture, context, cancellationToken).ConfigureAwait(false);
            return (trialId, proposal, TrialOutcome.Completed(metrics));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (trialId, proposal, null);
        }
        catch (Exception e)
        {
            return (trialId, proposal, TrialOutcome.Failed(e is NasUserException ? e.Message : $"{e.GetType().Name}: {e.Message}"));
        }
    }

    /// <summary>Stores each finished epoch as it comes, and passes progress on to the display.</summary>
    private sealed class RecordingProgress : IProgress<TrainingProgress>
    {
        private readonly IExperimentStore _store;
        private readonly long _trialId;
        private readonly IProgress<TrainingProgress>? _next;

        public RecordingProgress(IExperimentStore store, long trialId, IProgress<TrainingProgress>? next)
        {
            _store = store;
            _trialId = trialId;
            _next = next;
        }

        public void Report(TrainingProgress value)
        {
            if (value.FinishedEpoch is { } epoch) _store.AddEpoch(_trialId, epoch);
            _next?.Report(value);
        }
    }
}
