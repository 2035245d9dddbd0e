using Nas.Architectures;

namespace Nas.Evaluation;

/// <summary>Turns an architecture into metrics (for example by training it). Throws when the evaluation fails.</summary>
public interface IEvaluator
{
    /// <summary>Evaluates one architecture; throws when the evaluation fails (the trial is then recorded as failed).</summary>
    /// <param name="architecture">The architecture to evaluate.</param>
    /// <param name="context">The trial's seed, where to report each epoch (which may stop the trial by throwing <see cref="TrialPrunedException"/>).</param>
    /// <param name="cancellationToken">Stops the evaluation; it throws <see cref="OperationCanceledException"/>.</param>
    Task<TrialMetrics> EvaluateAsync(Architecture architecture, TrialContext context, CancellationToken cancellationToken);
}
