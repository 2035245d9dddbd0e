using Nas.Architectures;

namespace Nas.Evaluation;

/// <summary>An evaluator from a function: for closed-form objectives and user code.</summary>
public sealed class FunctionEvaluator : IEvaluator
{
    private readonly Func<Architecture, double> _objective;

    /// <param name="objective">Returns the score to maximise, reported as validation accuracy.</param>
    public FunctionEvaluator(Func<Architecture, double> objective) => _objective = objective;

    /// <summary>Calls the objective; its value is the validation accuracy (and 1 minus it the loss), with no size, time or epochs.</summary>
    public Task<TrialMetrics> EvaluateAsync(Architecture architecture, TrialContext context, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        double score = _objective(architecture);
        return Task.FromResult(new TrialMetrics(score, 1 - score, 0, 0, 0, Array.Empty<EpochMetrics>()));
    }
}
