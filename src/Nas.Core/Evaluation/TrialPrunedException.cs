namespace Nas.Evaluation;

/// <summary>
/// Thrown from a trial's progress report when a pruning rule stops it after an epoch; the evaluator adds the
/// network's size on the way out, so the trial is recorded as pruned with its last metrics.
/// </summary>
public sealed class TrialPrunedException : Exception
{
    /// <param name="rule">The pruning rule's name (median, asha).</param>
    /// <param name="epochs">The trial's epochs so far; the last one is where it stopped.</param>
    /// <param name="parameters">The network's parameters, when known (0: not yet).</param>
    /// <param name="multiplyAdds">The network's multiply-adds per example, when known (0: not yet).</param>
    public TrialPrunedException(string rule, IReadOnlyList<EpochMetrics> epochs, long parameters = 0, long multiplyAdds = 0)
        : base($"pruned by the {rule} rule after epoch {epochs[^1].Epoch} (validation accuracy {epochs[^1].ValidationAccuracy:P2})")
    {
        Rule = rule;
        Epochs = epochs;
        Parameters = parameters;
        MultiplyAdds = multiplyAdds;
    }

    /// <summary>The pruning rule that stopped the trial.</summary>
    public string Rule { get; }
    /// <summary>The epochs the trial finished before it stopped.</summary>
    public IReadOnlyList<EpochMetrics> Epochs { get; }
    /// <summary>The network's parameters (0 until the evaluator fills them in).</summary>
    public long Parameters { get; }
    /// <summary>The network's multiply-adds per example (0 until the evaluator fills them in).</summary>
    public long MultiplyAdds { get; }

    /// <summary>The same, with the network's size filled in.</summary>
    /// <param name="parameters">The network's parameters.</param>
    /// <param name="multiplyAdds">Its multiply-adds per example.</param>
    public TrialPrunedException WithSize(long parameters, long multiplyAdds) => new(Rule, Epochs, parameters, multiplyAdds);

    /// <summary>The last epoch's figures as the trial's metrics.</summary>
    public TrialMetrics Metrics => new(Epochs[^1].ValidationAccuracy, Epochs[^1].ValidationLoss, Parameters, MultiplyAdds, Epochs.Sum(e => e.Seconds), Epochs);
}
