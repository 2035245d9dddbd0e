namespace Nas.Evaluation;

/// <summary>A progress report from a training run, for progress bars and logs.</summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, double ImagesPerSecond, EpochMetrics? FinishedEpoch = null);
