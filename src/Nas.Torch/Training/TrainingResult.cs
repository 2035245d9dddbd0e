using Nas.Evaluation;

namespace Nas.Torch.Training;

/// <summary>The learning curve of a training run and its total time.</summary>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> Epochs, double Seconds)
{
    public EpochMetrics Last => Epochs[^1];
}
