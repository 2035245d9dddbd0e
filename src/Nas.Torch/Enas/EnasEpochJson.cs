using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;

namespace Nas.Torch.Enas;

/// <summary>
/// An <see cref="EnasEpoch"/> in a checkpoint: its numbers as they are (JSON writes doubles so that they read
/// back bit for bit), the best child in the architecture file format.
/// </summary>
internal sealed record EnasEpochJson(
    int Epoch,
    int SharedSteps,
    double SharedLoss,
    double SharedAccuracy,
    int ControllerSteps,
    double MeanReward,
    double Baseline,
    double Entropy,
    JsonElement BestChild,
    double BestReward,
    double LearningRate,
    double Seconds)
{
    public static EnasEpochJson From(EnasEpoch e)
    {
        using var child = JsonDocument.Parse(e.BestChild.ToJson(indented: false));
        return new(e.Epoch, e.SharedSteps, e.SharedLoss, e.SharedAccuracy, e.ControllerSteps, e.MeanReward, e.Baseline, e.Entropy,
            child.RootElement.Clone(), e.BestReward, e.LearningRate, e.Seconds);
    }

    /// <summary>The epoch, its best child read as a child of <paramref name="space"/>; throws <see cref="NasUserException"/> when it is not one.</summary>
    public EnasEpoch ToEpoch(SearchSpace space)
    {
        if (BestChild.ValueKind != JsonValueKind.Object || !BestChild.TryGetProperty("values", out var values))
            throw new NasUserException($"epoch {Epoch} without its best child");
        return new EnasEpoch(Epoch, SharedSteps, SharedLoss, SharedAccuracy, ControllerSteps, MeanReward, Baseline, Entropy,
            Architecture.FromValuesJson(space, values), BestReward, LearningRate, Seconds);
    }
}
