using System.Text.Json;

namespace Nas.Spaces.Recurrent;

/// <summary>Settings of the <c>rnn-dag</c> space.</summary>
/// <param name="Nodes">Number of nodes after the input node (8 in DARTS, 11 in the published ENAS cell).</param>
/// <param name="Output"><c>all</c>: the output is the mean of every node (DARTS); <c>loose</c>: of the nodes no later node reads (ENAS).</param>
public sealed record RnnDagSpaceOptions(int Nodes = 8, string Output = RnnDagSpaceOptions.AllNodes)
{
    /// <summary>Output rule: the mean of every node (DARTS).</summary>
    public const string AllNodes = "all";
    /// <summary>Output rule: the mean of the nodes no later node reads (ENAS).</summary>
    public const string LooseEnds = "loose";

    /// <summary>Checks the settings; throws <see cref="NasUserException"/> unless there are 1 to 32 nodes and the output is <see cref="AllNodes"/> or <see cref="LooseEnds"/>.</summary>
    public RnnDagSpaceOptions Validated()
    {
        if (Nodes < 1 || Nodes > 32) throw new Search.SettingException("space.nodes", $"must be in [1, 32], got {Nodes}");
        if (Output is not (AllNodes or LooseEnds)) throw new Search.SettingException("space.output", $"must be {AllNodes} or {LooseEnds}, got '{Output}'");
        return this;
    }

    /// <summary>The settings as recorded in architecture files: <c>nodes</c> and <c>output</c>.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["nodes"] = Nodes, ["output"] = Output });

    /// <summary>Reads settings (missing ones take the defaults) and checks them; throws <see cref="NasUserException"/> when malformed or invalid.</summary>
    /// <param name="settings">The space's settings: <c>nodes</c>, <c>output</c>.</param>
    public static RnnDagSpaceOptions FromJson(JsonElement settings)
    {
        try
        {
            int nodes = settings.TryGetProperty("nodes", out var n) ? n.GetInt32() : 8;
            string output = settings.TryGetProperty("output", out var o) ? o.GetString() ?? AllNodes : AllNodes;
            return new RnnDagSpaceOptions(nodes, output).Validated();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new NasUserException($"rnn-dag space settings are malformed: {e.Message}");
        }
    }
}
