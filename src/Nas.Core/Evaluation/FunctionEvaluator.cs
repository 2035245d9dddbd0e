using Nas.Architectures;

namespace Nas.Evaluation;

/// <summary>An evaluator from a function: for closed-form objectives and user code.</summary>
public sealed class FunctionEvaluator : IEvaluator
{
    private readonly Func<Architecture, double> _objective;

    /// <param name="objective">Returns the score to maximise, reported as validation accuracy.</param>
    public FunctionEvaluator(Func<Architecture, double> objective) => _objective = objective;

    /// <summary>Calls the objective; its value is the validation accuracy (and 1 minus it the loss), with no size, time or epochs.</summary>
    /// <param name="architecture">The architecture to score.</param>
    /// <param name="context">Unused: the function needs no seed or progress.</param>
    /// <param name="cancellationToken">Checked once, before the call.</param>
    public Task<TrialMetrics> EvaluateAsync(Architecture architecture, TrialContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        double score = _objective(architecture);
        return Task.FromResult(new TrialMetrics(score, 1 - score, 0, 0, 0, Array.Empty<EpochMetrics>()));
    }
}
