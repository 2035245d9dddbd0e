using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nas.Strategies.Tpe;

/// <summary>The JSON form of a <see cref="TreeParzenEstimator"/> for resuming: its settings, observations and random state.</summary>
internal sealed record TreeParzenState(
    string Format,
    string Space,
    TreeParzenOptions Options,
    string Random,
    long NextId,
    long Failed,
    long[] Pending,
    string[] Visited,
    TreeParzenState.Observation[] Observations)
{
    public const string CurrentFormat = "nas-strategy/tpe/1";

    /// <summary>A completed trial: its proposal, score and values, in the order they were told.</summary>
    internal sealed record Observation(long Id, double Score, JsonElement Values);

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
