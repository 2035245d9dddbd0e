using Nas.Architectures;

namespace Nas.Evaluation;

/// <summary>Turns an architecture into metrics (for example by training it). Throws when the evaluation fails.</summary>
public interface IEvaluator
{
    Task<TrialMetrics> EvaluateAsync(Architecture architecture, TrialContext context, CancellationToken cancellationToken);
}
