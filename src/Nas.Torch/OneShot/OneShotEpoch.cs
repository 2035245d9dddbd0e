using Nas.Spaces.Cells;

namespace Nas.Torch.OneShot;

/// <summary>
/// What one epoch of a differentiable search ends with, as plain numbers.
/// For SNAS, <see cref="ValidationAccuracy"/> is the derived child's (the op of highest probability on
/// every edge, one-hot, with the supernet's weights inherited, no retraining); for DARTS it is the
/// supernet's with softmax(alpha).
/// </summary>
public sealed record OneShotEpoch
{
    /// <summary>The epoch, from 1.</summary>
    public required int Epoch { get; init; }
    /// <summary>Wall time of the epoch: training, alpha steps and validation.</summary>
    public required double Seconds { get; init; }
    /// <summary>Wall time of the search steps alone (alpha and weights, every batch), without deriving and validating: what a step-for-step comparison with another implementation times. NaN in a checkpoint from before it was recorded.</summary>
    public double StepSeconds { get; init; } = double.NaN;
    /// <summary>The weights' learning rate during the epoch (the cosine schedule's).</summary>
    public required double LearningRate { get; init; }
    /// <summary>SNAS's Gumbel-softmax temperature this epoch; NaN for DARTS.</summary>
    public double Temperature { get; init; } = double.NaN;
    /// <summary>Mean training cross-entropy of the supernet over the epoch (SNAS: with the resource penalty left out).</summary>
    public required double TrainLoss { get; init; }
    /// <summary>Training accuracy of the supernet over the epoch, in [0, 1].</summary>
    public required double TrainAccuracy { get; init; }
    /// <summary>Cross-entropy on the validation split (DARTS: the supernet's; SNAS: the derived child's).</summary>
    public required double ValidationLoss { get; init; }
    /// <summary>Accuracy on the validation split, in [0, 1] (see the type's summary for whose).</summary>
    public required double ValidationAccuracy { get; init; }
    /// <summary>Softmax of alpha per edge of the normal cell, [edges][ops].</summary>
    public required double[][] NormalProbabilities { get; init; }
    /// <summary>Softmax of alpha per edge of the reduction cell, [edges][ops].</summary>
    public required double[][] ReduceProbabilities { get; init; }
    /// <summary>Entropy of the architecture distribution (sum over every edge of both cells), nats.</summary>
    public required double Entropy { get; init; }
    /// <summary>The derived genotype.</summary>
    public required Genotype Genotype { get; init; }
    /// <summary>SNAS: the derived child, every edge; null for DARTS.</summary>
    public Nas.OneShot.SnasChild? Child { get; init; }
    /// <summary>SNAS: the expected resource cost under the current distribution; NaN for DARTS.</summary>
    public double ExpectedCost { get; init; } = double.NaN;
}
