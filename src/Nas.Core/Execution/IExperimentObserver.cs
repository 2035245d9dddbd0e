using Nas.Evaluation;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>Hears what the experiment loop does (for progress displays and logs). Every member is optional.</summary>
public interface IExperimentObserver
{
    void TrialStarted(long trialId, Proposal proposal) { }

    /// <summary>Where the evaluator reports training progress for this trial; null for none.</summary>
    IProgress<TrainingProgress>? ProgressFor(long trialId) => null;

    void TrialFinished(long trialId, Proposal proposal, TrialOutcome outcome) { }
}
