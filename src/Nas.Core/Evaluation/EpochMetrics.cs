namespace Nas.Evaluation;

/// <summary>Per-epoch learning curve entry.</summary>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double Seconds, double ImagesPerSecond);
