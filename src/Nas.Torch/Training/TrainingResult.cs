using Nas.Evaluation;

namespace Nas.Torch.Training;

/// <summary>The learning curve of a training run and its total time.</summary>
/// <param name="Epochs">Every epoch's figures, in order (a resumed run's earlier epochs included).</param>
/// <param name="Seconds">Wall time of the run.</param>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> Epochs, double Seconds)
{
    /// <summary>The last epoch's figures.</summary>
    public EpochMetrics Last => Epochs[^1];
}
