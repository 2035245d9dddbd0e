using Nas.Evaluation;

namespace Nas.Torch.Training;

/// <summary>The learning curve of a training run and its total time.</summary>
/// <param name="Epochs">Every epoch's figures, in order (a resumed run's earlier epochs included).</param>
/// <param name="Seconds">Wall time of the run.</param>
public sealed record TrainingResult(IReadOnlyList<EpochMetrics> Epochs, double Seconds)
{
    /// <summary>The last epoch's figures.</summary>
    public EpochMetrics Last => Epochs[^1];

    /// <summary>Whether the run stopped at its time limit before the epochs it planned (the last epoch may be a part of one).</summary>
    public bool Stopped { get; init; }

    /// <summary>Images trained on in this call (a resumed run's earlier epochs not included).</summary>
    public long Images { get; init; }
}
