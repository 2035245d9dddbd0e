namespace Nas.Evaluation;

/// <summary>
/// What an evaluation measured. Accuracies are fractions in [0, 1] on the validation split carved
/// from the training data (never the test set).
/// </summary>
public sealed record TrialMetrics(
    double ValidationAccuracy,
    double ValidationLoss,
    long Parameters,
    long MultiplyAdds,
    double TrainingSeconds,
    IReadOnlyList<EpochMetrics> Epochs);
