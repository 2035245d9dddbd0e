using Nas.Evaluation;

namespace Nas.Torch.Training;

/// <summary>
/// What a language-model training run measured. Losses are mean cross-entropy in nats per token, so
/// perplexity is <c>exp(loss)</c>. In <see cref="Epochs"/>, the accuracy fields hold <c>exp(-loss)</c>
/// (the geometric-mean probability of the right next token, 1/perplexity) and the speed field tokens per second.
/// </summary>
/// <param name="Epochs">Every epoch's figures, in order.</param>
/// <param name="BestValidationLoss">The best validation loss of any epoch; the model ends with those weights.</param>
/// <param name="BestEpoch">The epoch (from 1) of the best validation loss.</param>
/// <param name="AveragingStartedAfter">The epoch after which averaged SGD took over, or null.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
public sealed record LanguageTrainingResult(IReadOnlyList<EpochMetrics> Epochs, double BestValidationLoss, int BestEpoch, int? AveragingStartedAfter, double Seconds)
{
    /// <summary>exp(<see cref="BestValidationLoss"/>).</summary>
    public double BestValidationPerplexity => Math.Exp(BestValidationLoss);
}
