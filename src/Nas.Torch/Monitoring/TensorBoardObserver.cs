using Nas.Evaluation;
using Nas.Search;
using Nas.Strategies;

namespace Nas.Torch.Monitoring;

// A search observer, passed on, with trials and search epochs logged.
internal sealed class TensorBoardObserver(TensorBoardLog log, ISearchObserver? inner) : ISearchObserver
{
    private readonly object _gate = new();
    private double _best = double.NegativeInfinity;

    public void Started(SearchStart start) => inner?.Started(start);

    public void Warning(SearchWarning warning) => inner?.Warning(warning);

    public IProgress<SearchProgress>? Batches => inner?.Batches;

    public void TrialStarted(long trialId, Proposal proposal) => inner?.TrialStarted(trialId, proposal);

    public IProgress<TrainingProgress>? ProgressFor(long trialId) => inner?.ProgressFor(trialId);

    public void EpochFinished(SearchEpoch epoch)
    {
        inner?.EpochFinished(epoch);
        foreach (var figure in epoch.Figures) log.Scalar($"{epoch.Kind}/{figure.Name}", figure.Value, epoch.Epoch);
    }

    public void TrialFinished(long trialId, Proposal proposal, TrialOutcome outcome)
    {
        inner?.TrialFinished(trialId, proposal, outcome);
        if (outcome.Objective is not { } accuracy) return;
        int step = (int)Math.Min(int.MaxValue, trialId);
        double best;
        lock (_gate) best = _best = Math.Max(_best, accuracy);
        log.Scalar("trials/validation_accuracy", accuracy, step);
        log.Scalar("trials/best_validation_accuracy", best, step);
        if (outcome.Metrics is { } m) log.Scalar("trials/parameters", m.Parameters, step);
    }
}
