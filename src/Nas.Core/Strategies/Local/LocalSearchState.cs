using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nas.Strategies.Local;

/// <summary>The JSON form of a <see cref="LocalSearch"/> for resuming: plain numbers and architecture values.</summary>
internal sealed record LocalSearchState(
    string Format,
    string Space,
    int Starts,
    bool BestImprovement,
    string Random,
    long NextId,
    long Completed,
    long Failed,
    long Moves,
    long Restarts,
    int Generation,
    int StartsTold,
    LocalSearchState.Member? Center,
    LocalSearchState.Member? StartBest,
    LocalSearchState.Member? Candidate,
    JsonElement[] Queue,
    string[] Visited,
    LocalSearchState.Outstanding[] Pending)
{
    public const string CurrentFormat = "nas-strategy/local/1";

    /// <summary>An evaluated architecture: its score and values.</summary>
    internal sealed record Member(double Score, JsonElement Values);

    /// <summary>A proposal still out, and the climb step it was asked in (-1: a random one).</summary>
    internal sealed record Outstanding(long Id, int Generation);

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
