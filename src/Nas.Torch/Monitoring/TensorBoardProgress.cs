using Nas.Evaluation;

namespace Nas.Torch.Monitoring;

// A training's progress, passed on, with each finished epoch's figures logged.
internal sealed class TensorBoardProgress(TensorBoardLog log, string prefix, IProgress<TrainingProgress>? inner) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        inner?.Report(value);
        if (value.FinishedEpoch is not { } e) return;
        log.Scalar($"{prefix}/loss", e.TrainLoss, e.Epoch);
        log.Scalar($"{prefix}/accuracy", e.TrainAccuracy, e.Epoch);
        log.Scalar($"{prefix}/validation_loss", e.ValidationLoss, e.Epoch);
        log.Scalar($"{prefix}/validation_accuracy", e.ValidationAccuracy, e.Epoch);
        log.Scalar($"{prefix}/seconds", e.Seconds, e.Epoch);
        log.Scalar($"{prefix}/images_per_second", e.ImagesPerSecond, e.Epoch);
    }
}
