using Nas.Evaluation;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>Hears what the experiment loop does (for progress displays and logs). Every member is optional.</summary>
public interface IExperimentObserver
{
    /// <summary>A worker has claimed trial <paramref name="trialId"/> and starts evaluating <paramref name="proposal"/>.</summary>
    /// <param name="trialId">The trial's number in the store.</param>
    /// <param name="proposal">What it trains.</param>
    void TrialStarted(long trialId, Proposal proposal) { }

    /// <summary>Where the evaluator reports training progress for this trial; null for none.</summary>
    /// <param name="trialId">The trial's number in the store.</param>
    IProgress<TrainingProgress>? ProgressFor(long trialId) => null;

    /// <summary>Trial <paramref name="trialId"/> ended with <paramref name="outcome"/> (completed, failed or pruned).</summary>
    /// <param name="trialId">The trial's number in the store.</param>
    /// <param name="proposal">What it trained.</param>
    /// <param name="outcome">How it ended.</param>
    void TrialFinished(long trialId, Proposal proposal, TrialOutcome outcome) { }
}
