namespace Nas.Evaluation;

/// <summary>Per-epoch learning curve entry.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="TrainAccuracy">Training accuracy over the epoch, in [0, 1] (language models: exp(-loss)).</param>
/// <param name="ValidationLoss">Loss on the validation split after the epoch (NaN when there is none).</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split after the epoch, in [0, 1], or NaN when there is none (language models: exp(-loss)).</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="ImagesPerSecond">Training examples per second (language models: tokens per second).</param>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double Seconds, double ImagesPerSecond);
