using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nas.Strategies;

/// <summary>The JSON form of a <see cref="RegularizedEvolution"/> for resuming: plain numbers and architecture values.</summary>
internal sealed record RegularizedEvolutionState(
    string Format,
    string Space,
    int PopulationSize,
    int SampleSize,
    string Random,
    long NextId,
    long Completed,
    long Failed,
    long[] Pending,
    RegularizedEvolutionState.Member[] Population)
{
    public const string CurrentFormat = "nas-strategy/evolution/1";

    /// <summary>One population member, oldest first; <see cref="Values"/> is the architecture's values object.</summary>
    internal sealed record Member(long Id, double Score, string Key, JsonElement Values);

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
