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
    public required int Epoch { get; init; }
    public required double Seconds { get; init; }
    public required double LearningRate { get; init; }
    /// <summary>SNAS's Gumbel-softmax temperature this epoch; NaN for DARTS.</summary>
    public double Temperature { get; init; } = double.NaN;
    public required double TrainLoss { get; init; }
    public required double TrainAccuracy { get; init; }
    public required double ValidationLoss { get; init; }
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
