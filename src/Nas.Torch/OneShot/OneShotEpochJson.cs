using System.Text.Json;
using Nas.Spaces.Cells;

namespace Nas.Torch.OneShot;

/// <summary>
/// A <see cref="OneShotEpoch"/> in a checkpoint: its numbers as they are (JSON writes doubles so that they
/// read back bit for bit), the genotype in the genotype JSON format.
/// </summary>
internal sealed record OneShotEpochJson(
    int Epoch,
    double Seconds,
    double LearningRate,
    double Temperature,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double[][] NormalProbabilities,
    double[][] ReduceProbabilities,
    double Entropy,
    JsonElement Genotype,
    SnasChildJson? Child,
    double ExpectedCost,
    double? StepSeconds = null)
{
    public static OneShotEpochJson From(OneShotEpoch e) => new(
        e.Epoch, e.Seconds, e.LearningRate, e.Temperature, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy,
        e.NormalProbabilities, e.ReduceProbabilities, e.Entropy, Element(e.Genotype.ToJson()),
        e.Child is null ? null : SnasChildJson.From(e.Child), e.ExpectedCost, double.IsNaN(e.StepSeconds) ? null : e.StepSeconds);

    /// <summary>The epoch; throws <see cref="NasUserException"/> when a part is missing or invalid.</summary>
    public OneShotEpoch ToEpoch()
    {
        if (NormalProbabilities is null || ReduceProbabilities is null) throw new NasUserException($"epoch {Epoch} without its probabilities");
        return new OneShotEpoch
        {
            Epoch = Epoch,
            Seconds = Seconds,
            StepSeconds = StepSeconds ?? double.NaN,
            LearningRate = LearningRate,
            Temperature = Temperature,
            TrainLoss = TrainLoss,
            TrainAccuracy = TrainAccuracy,
            ValidationLoss = ValidationLoss,
            ValidationAccuracy = ValidationAccuracy,
            NormalProbabilities = NormalProbabilities,
            ReduceProbabilities = ReduceProbabilities,
            Entropy = Entropy,
            Genotype = ReadGenotype(Genotype),
            Child = Child?.ToChild(),
            ExpectedCost = ExpectedCost,
        };
    }

    /// <summary>A JSON text as a standalone element.</summary>
    internal static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A genotype from its JSON element, validated.</summary>
    internal static Genotype ReadGenotype(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? Spaces.Cells.Genotype.FromJson(element) : throw new NasUserException("an epoch without its genotype");
}
