using Nas.Spaces.Recurrent;

namespace Nas.Torch.OneShot;

/// <summary>
/// A <see cref="RecurrentDartsEpoch"/> in a checkpoint: its numbers as they are (JSON writes doubles so that they
/// read back bit for bit), the genotype as its steps and concatenated nodes.
/// </summary>
internal sealed record RecurrentDartsEpochJson(
    int Epoch,
    double Seconds,
    double LearningRate,
    double TokensPerSecond,
    double TrainLoss,
    double ValidationLoss,
    double[][] Probabilities,
    double Entropy,
    RecurrentStep[] Steps,
    int[] Concat,
    double? Temperature = null)
{
    public static RecurrentDartsEpochJson From(RecurrentDartsEpoch e) => new(
        e.Epoch, e.Seconds, e.LearningRate, e.TokensPerSecond, e.TrainLoss, e.ValidationLoss, e.Probabilities, e.Entropy,
        e.Genotype.Steps.ToArray(), e.Genotype.Concat.ToArray(), double.IsNaN(e.Temperature) ? null : e.Temperature);

    /// <summary>The epoch; throws <see cref="NasUserException"/> when a part is missing or invalid.</summary>
    public RecurrentDartsEpoch ToEpoch()
    {
        if (Probabilities is null) throw new NasUserException($"epoch {Epoch} without its probabilities");
        if (Steps is null || Concat is null || Steps.Any(s => s is null)) throw new NasUserException($"epoch {Epoch} without its genotype");
        RecurrentGenotype genotype;
        try { genotype = new RecurrentGenotype(Steps, Concat); }
        catch (ArgumentException e) { throw new NasUserException($"epoch {Epoch}: {e.Message}"); }
        return new RecurrentDartsEpoch
        {
            Epoch = Epoch,
            Temperature = Temperature ?? double.NaN,
            Seconds = Seconds,
            LearningRate = LearningRate,
            TokensPerSecond = TokensPerSecond,
            TrainLoss = TrainLoss,
            ValidationLoss = ValidationLoss,
            Probabilities = Probabilities,
            Entropy = Entropy,
            Genotype = genotype,
        };
    }
}
