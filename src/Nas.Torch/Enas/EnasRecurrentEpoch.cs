using Nas.Spaces.Recurrent;

namespace Nas.Torch.Enas;

/// <summary>What one epoch of ENAS over recurrent cells ends with, as plain numbers. Losses are nats per token.</summary>
public sealed record EnasRecurrentEpoch
{
    /// <summary>The epoch, from 1.</summary>
    public required int Epoch { get; init; }
    /// <summary>Wall time of the epoch, controller steps and derivation included.</summary>
    public required double Seconds { get; init; }
    /// <summary>Training tokens per second of the shared-weight steps.</summary>
    public required double TokensPerSecond { get; init; }
    /// <summary>Mean training cross-entropy of the sampled children (without AR/TAR).</summary>
    public required double TrainLoss { get; init; }
    /// <summary>Mean reward (c / validation-window perplexity) of the epoch's controller steps; NaN without any.</summary>
    public required double MeanReward { get; init; }
    /// <summary>The controller's baseline after the epoch; null before its first step.</summary>
    public required double? Baseline { get; init; }
    /// <summary>Mean entropy of the controller's samples over the epoch's steps, nats; NaN without any.</summary>
    public required double Entropy { get; init; }
    /// <summary>The derived cell's cross-entropy on the whole validation split with the shared weights: a search number.</summary>
    public required double ValidationLoss { get; init; }
    /// <summary>The cell derived at the end of the epoch: the best of the sampled children on one validation window.</summary>
    public required RecurrentGenotype Genotype { get; init; }

    /// <summary>exp(<see cref="TrainLoss"/>).</summary>
    public double TrainPerplexity => Math.Exp(TrainLoss);
    /// <summary>exp(<see cref="ValidationLoss"/>).</summary>
    public double ValidationPerplexity => Math.Exp(ValidationLoss);
}
