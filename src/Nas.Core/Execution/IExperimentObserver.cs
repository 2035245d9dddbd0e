using Nas.Evaluation;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>Hears what the experiment loop does (for progress displays and logs). Every member is optional.</summary>
public interface IExperimentObserver
{
    /// <summary>A worker has claimed trial <paramref name="trialId"/> and starts evaluating <paramref name="proposal"/>.</summary>
    void TrialStarted(long trialId, Proposal proposal) { }

    /// <summary>Where the evaluator reports training progress for this trial; null for none.</summary>
    IProgress<TrainingProgress>? ProgressFor(long trialId) => null;

    /// <summary>Trial <paramref name="trialId"/> ended with <paramref name="outcome"/> (completed, failed or pruned).</summary>
    void TrialFinished(long trialId, Proposal proposal, TrialOutcome outcome) { }
}
