namespace Nas.Evaluation;

/// <summary>
/// Thrown from a trial's progress report when a pruning rule stops it after an epoch; the evaluator adds the
/// network's size on the way out, so the trial is recorded as pruned with its last metrics.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    public TrialPrunedException(string rule, IReadOnlyList<EpochMetrics> epochs, long parameters = 0, long multiplyAdds = 0)
        : base($"pruned by the {rule} rule after epoch {epochs[^1].Epoch} (validation accuracy {epochs[^1].ValidationAccuracy:P2})")
    {
        Rule = rule;
        Epochs = epochs;
        Parameters = parameters;
        MultiplyAdds = multiplyAdds;
    }

    public string Rule { get; }
    public IReadOnlyList<EpochMetrics> Epochs { get; }
    public long Parameters { get; }
    public long MultiplyAdds { get; }

    /// <summary>The same, with the network's size filled in.</summary>
    public TrialPrunedException WithSize(long parameters, long multiplyAdds) => new(Rule, Epochs, parameters, multiplyAdds);

    /// <summary>The last epoch's figures as the trial's metrics.</summary>
    public TrialMetrics Metrics => new(Epochs[^1].ValidationAccuracy, Epochs[^1].ValidationLoss, Parameters, MultiplyAdds, Epochs.Sum(e => e.Seconds), Epochs);
}
