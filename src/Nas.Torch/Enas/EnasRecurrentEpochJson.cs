using Nas.Spaces.Recurrent;

namespace Nas.Torch.Enas;

/// <summary>An <see cref="EnasRecurrentEpoch"/> in a checkpoint: its numbers as they are, the genotype as its steps and output nodes.</summary>
internal sealed record EnasRecurrentEpochJson(
    int Epoch,
    double Seconds,
    double TokensPerSecond,
    double TrainLoss,
    double? MeanReward,
    double? Baseline,
    double? Entropy,
    double ValidationLoss,
    RecurrentStep[] Steps,
    int[] Concat)
{
    // JSON has no NaN: an epoch without controller steps writes null.
    public static EnasRecurrentEpochJson From(EnasRecurrentEpoch e) => new(
        e.Epoch, e.Seconds, e.TokensPerSecond, e.TrainLoss, Finite(e.MeanReward), e.Baseline, Finite(e.Entropy), e.ValidationLoss,
        e.Genotype.Steps.ToArray(), e.Genotype.Concat.ToArray());

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    /// <summary>The epoch; throws <see cref="NasUserException"/> when its genotype is missing or invalid.</summary>
    public EnasRecurrentEpoch ToEpoch()
    {
        if (Steps is null || Concat is null || Steps.Any(s => s is null)) throw new NasUserException($"epoch {Epoch} without its genotype");
        RecurrentGenotype genotype;
        try { genotype = new RecurrentGenotype(Steps, Concat); }
        catch (ArgumentException e) { throw new NasUserException($"epoch {Epoch}: {e.Message}"); }
        return new EnasRecurrentEpoch
        {
            Epoch = Epoch, Seconds = Seconds, TokensPerSecond = TokensPerSecond, TrainLoss = TrainLoss,
            MeanReward = MeanReward ?? double.NaN, Baseline = Baseline, Entropy = Entropy ?? double.NaN,
            ValidationLoss = ValidationLoss, Genotype = genotype,
        };
    }
}
