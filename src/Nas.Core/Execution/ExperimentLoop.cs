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
public sealed class ExperimentLoop
{
    private readonly IStrategy _strategy;
    private readonly IEvaluator _evaluator;
    private readonly IExperimentStore _store;
    private readonly int _seed;

    public ExperimentLoop(IStrategy strategy, IEvaluator evaluator, IExperimentStore store, int seed)
    {
        _strategy = strategy;
        _evaluator = evaluator;
        _store = store;
        _seed = seed;
    }

    /// <summary>The seed of a trial: fixed by the experiment seed and the proposal number.</summary>
    public static int TrialSeed(int experimentSeed, long proposalId) => unchecked((int)((uint)experimentSeed * 2654435761u ^ (uint)(proposalId * 40503 + 1)) & int.MaxValue);

    public async Task<ExperimentSummary> RunAsync(Budget budget, IExperimentObserver? observer = null, CancellationToken cancellationToken = default)
    {
        budget.Validate();
        var clock = Stopwatch.StartNew();
        int completed = 0, failed = 0, interrupted = 0, started = 0;
        bool cancelled = false;
        (long Trial, Proposal Proposal, double Objective)? best = null;

        while (!cancellationToken.IsCancellationRequested)
        {
            if (budget.MaxTrials is { } max && started >= max) break;
            if (budget.MaxDuration is { } limit && clock.Elapsed >= limit) break;
            var proposal = _strategy.Ask();
            if (proposal is null) break;

            int seed = TrialSeed(_seed, proposal.Id);
            long trialId = _store.StartTrial(proposal.Id, proposal.Architecture, seed);
            started++;
            observer?.TrialStarted(trialId, proposal);
            var progress = new RecordingProgress(_store, trialId, observer?.ProgressFor(trialId));
            TrialOutcome outcome;
            try
            {
                var metrics = await _evaluator.EvaluateAsync(proposal.Architecture, new TrialContext(trialId, seed, progress), cancellationToken).ConfigureAwait(false);
                outcome = TrialOutcome.Completed(metrics);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _store.FinishTrial(trialId, new TrialOutcome(TrialStatus.Interrupted, null, "cancelled by the user"));
                interrupted++;
                cancelled = true;
                break;
            }
            catch (Exception e)
            {
                outcome = TrialOutcome.Failed(e is NasUserException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            }

            _store.FinishTrial(trialId, outcome);
            _strategy.Tell(proposal, outcome);
            observer?.TrialFinished(trialId, proposal, outcome);
            if (outcome.Status == TrialStatus.Completed)
            {
                completed++;
                double objective = outcome.Objective!.Value;
                if (best is null || objective > best.Value.Objective) best = (trialId, proposal, objective);
            }
            else failed++;
        }
        cancelled |= cancellationToken.IsCancellationRequested;
        return new ExperimentSummary(completed, failed, interrupted, cancelled, clock.Elapsed, best?.Trial, best?.Proposal, best?.Objective);
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
