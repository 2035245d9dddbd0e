using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nas.Strategies.Pareto;

/// <summary>The JSON form of a <see cref="ParetoEvolution"/> for resuming: plain numbers and architecture values.</summary>
internal sealed record ParetoEvolutionState(
    string Format,
    string Space,
    string Objective,
    int PopulationSize,
    string Random,
    long NextId,
    long Completed,
    long Failed,
    long[] Pending,
    ParetoEvolutionState.Member[] Population,
    double[][] Results,
    string[] Visited)
{
    public const string CurrentFormat = "nas-strategy/nsga2/1";

    /// <summary>One population member, oldest first; <see cref="Values"/> is the architecture's values object.</summary>
    internal sealed record Member(long Id, double Accuracy, double Cost, string Key, JsonElement Values);

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
