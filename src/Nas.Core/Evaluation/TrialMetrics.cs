namespace Nas.Evaluation;

/// <summary>
/// What an evaluation measured. Accuracies are fractions in [0, 1] on the validation split carved
/// from the training data (never the test set).
/// </summary>
/// <param name="ValidationAccuracy">The objective, higher is better: the final validation accuracy (language models: 1/perplexity of the best epoch).</param>
/// <param name="ValidationLoss">The validation loss with it.</param>
/// <param name="Parameters">The network's trainable parameters (an auxiliary head excluded); 0 when not measured.</param>
/// <param name="MultiplyAdds">Multiply-adds per example (language models: 0, not measured).</param>
/// <param name="TrainingSeconds">Wall time of the evaluation.</param>
/// <param name="Epochs">The learning curve.</param>
public sealed record TrialMetrics(
    double ValidationAccuracy,
    double ValidationLoss,
    long Parameters,
    long MultiplyAdds,
    double TrainingSeconds,
    IReadOnlyList<EpochMetrics> Epochs)
{
    /// <summary>
    /// The network's predicted inference latency on this machine, in milliseconds for one input (a per-op latency
    /// table summed over its layers), or null when the search did not measure it.
    /// </summary>
    public double? LatencyMilliseconds { get; init; }
}
