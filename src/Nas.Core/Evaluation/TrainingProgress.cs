namespace Nas.Evaluation;

/// <summary>A progress report from a training run, for progress bars and logs.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The epochs in all.</param>
/// <param name="Batch">The batch reached, from 1.</param>
/// <param name="Batches">The batches of the epoch.</param>
/// <param name="Loss">Mean training loss of the epoch so far.</param>
/// <param name="Accuracy">Training accuracy of the epoch so far, in [0, 1].</param>
/// <param name="ImagesPerSecond">Training examples (or tokens) per second so far.</param>
/// <param name="FinishedEpoch">The epoch's figures when this report ends an epoch, else null.</param>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, double ImagesPerSecond, EpochMetrics? FinishedEpoch = null);
