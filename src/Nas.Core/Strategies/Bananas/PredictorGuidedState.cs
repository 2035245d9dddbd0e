using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nas.Strategies.Bananas;

/// <summary>The JSON form of a <see cref="PredictorGuidedSearch"/> for resuming; the predictor is fitted again from the observations.</summary>
internal sealed record PredictorGuidedState(
    string Format,
    string Space,
    PredictorGuidedOptions Options,
    string Random,
    long NextId,
    long Failed,
    int Fits,
    long[] Pending,
    string[] Visited,
    PredictorGuidedState.Observation[] Observations,
    PredictorGuidedState.Queued[] Queue,
    double[][] Predictions,
    double[][] HeldOut,
    double[][] HeldOutAll)
{
    public const string CurrentFormat = "nas-strategy/bananas/1";

    internal sealed record Observation(long Id, double Score, JsonElement Values);

    internal sealed record Queued(double Predicted, JsonElement Values);

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
