using Nas.Spaces.Recurrent;

namespace Nas.Torch.OneShot;

/// <summary>What one epoch of a recurrent DARTS or SNAS search ends with, as plain numbers. Losses are nats per token.</summary>
public sealed record RecurrentDartsEpoch
{
    /// <summary>The epoch, from 1.</summary>
    public required int Epoch { get; init; }
    /// <summary>SNAS: the epoch's Gumbel-softmax temperature; NaN for DARTS.</summary>
    public double Temperature { get; init; } = double.NaN;
    /// <summary>Wall time of the epoch, evaluation included.</summary>
    public required double Seconds { get; init; }
    /// <summary>The weights' base learning rate (each window's step scales it by the window's length, as AWD).</summary>
    public required double LearningRate { get; init; }
    /// <summary>Training tokens per second of the search steps (an alpha step and a weight step per window), evaluation excluded.</summary>
    public required double TokensPerSecond { get; init; }
    /// <summary>Mean training cross-entropy of the supernet (without AR/TAR).</summary>
    public required double TrainLoss { get; init; }
    /// <summary>Cross-entropy on the validation split, in eval mode, of the supernet (DARTS) or of the derived cell with the supernet's weights (SNAS): the search's number, not a test result.</summary>
    public required double ValidationLoss { get; init; }
    /// <summary>Softmax of alpha per edge, [edges][ops] in <see cref="Nas.OneShot.RecurrentDerivation.Ops"/> order.</summary>
    public required double[][] Probabilities { get; init; }
    /// <summary>Entropy of the architecture distribution (sum over the edges), nats.</summary>
    public required double Entropy { get; init; }
    /// <summary>The cell derived from alpha at the end of the epoch.</summary>
    public required RecurrentGenotype Genotype { get; init; }

    /// <summary>exp(<see cref="TrainLoss"/>).</summary>
    public double TrainPerplexity => Math.Exp(TrainLoss);
    /// <summary>exp(<see cref="ValidationLoss"/>).</summary>
    public double ValidationPerplexity => Math.Exp(ValidationLoss);
}
