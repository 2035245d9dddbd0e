using Nas.Store;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>
/// Keeps a strategy's search log in the store: every step it logs (a controller update) goes to the search log
/// as it happens. (Its state is saved by the <see cref="Coordinator"/>, with each queue change.) As an observer
/// of the loop it passes everything on to the observer it wraps.
/// </summary>
internal sealed class StrategyJournal : IExperimentObserver, IDisposable
{
    private readonly IStrategy _strategy;
    private readonly IExperimentStore _store;
    private readonly IExperimentObserver? _inner;

    /// <param name="strategy">The strategy whose steps (if it logs any) go to the search log.</param>
    /// <param name="store">The store that keeps the search log.</param>
    /// <param name="inner">The observer to pass events on to (a progress display), or null.</param>
    public StrategyJournal(IStrategy strategy, IExperimentStore store, IExperimentObserver? inner = null)
    {
        _strategy = strategy;
        _store = store;
        _inner = inner;
        if (strategy is IStepLoggingStrategy logging) logging.StepLogged += OnStep;
    }

    public void TrialStarted(long trialId, Proposal proposal) => _inner?.TrialStarted(trialId, proposal);

    public IProgress<Nas.Evaluation.TrainingProgress>? ProgressFor(long trialId) => _inner?.ProgressFor(trialId);

    public void TrialFinished(long trialId, Proposal proposal, TrialOutcome outcome) => _inner?.TrialFinished(trialId, proposal, outcome);

    private void OnStep(string kind, long step, string json) => _store.AddStep(kind, step, json);

    public void Dispose()
    {
        if (_strategy is IStepLoggingStrategy logging) logging.StepLogged -= OnStep;
    }
}
