using System.Text.Json;

namespace Nas.Spaces.Cells;

/// <summary>
/// Settings of a cell space (<c>darts-cell</c> or <c>enas-cell</c>): how many intermediate nodes
/// each cell has and which ops an edge may take. The wiring rules belong to the space's kind, not to
/// the settings (see <see cref="DartsCellSpace"/> and <see cref="EnasCellSpace"/>).
/// </summary>
/// <param name="Nodes">Intermediate nodes per cell (the same for the normal and the reduction cell).</param>
/// <param name="Ops">The op options of every edge, in the order decisions list them; names from <see cref="CellOps"/>.</param>
public sealed record CellSpaceOptions(int Nodes, IReadOnlyList<string> Ops)
{
    /// <summary>The op options (a copy of what was given).</summary>
    public IReadOnlyList<string> Ops { get; init; } = Ops.ToArray();

    /// <summary>Checks the settings; throws <see cref="NasUserException"/> naming the bad one (<c>space.key</c>).</summary>
    /// <param name="space">The space's name, for the message.</param>
    public CellSpaceOptions Validated(string space)
    {
        if (Nodes < 1 || Nodes > 16) throw new Search.SettingException("space.nodes", $"must be in [1, 16] for the {space} space, got {Nodes}");
        if (Ops.Count == 0) throw new Search.SettingException("space.ops", $"must list at least one op for the {space} space");
        foreach (var op in Ops)
            if (!CellOps.IsKnown(op))
                throw new Search.SettingException("space.ops", $"names an unknown op '{op}' (known: {string.Join(", ", CellOps.All)})");
        if (Ops.Distinct().Count() != Ops.Count) throw new Search.SettingException("space.ops", "lists an op twice");
        return this;
    }

    /// <summary>The settings as written into architecture files: <c>{"nodes":4,"ops":[..]}</c>.</summary>
    public JsonElement ToJson() => JsonSerializer.SerializeToElement(new Dictionary<string, object>
    {
        ["nodes"] = Nodes,
        ["ops"] = Ops,
    });

    /// <summary>Reads settings, taking what is missing from <paramref name="defaults"/>; throws <see cref="NasUserException"/> when malformed.</summary>
    /// <param name="settings">The space's settings: <c>nodes</c>, <c>ops</c> (a list of names).</param>
    /// <param name="defaults">The kind's defaults.</param>
    /// <param name="space">The space's name, for messages.</param>
    public static CellSpaceOptions FromJson(JsonElement settings, CellSpaceOptions defaults, string space)
    {
        try
        {
            int nodes = settings.TryGetProperty("nodes", out var n) ? n.GetInt32() : defaults.Nodes;
            var ops = settings.TryGetProperty("ops", out var o) ? o.EnumerateArray().Select(e => e.GetString()!).ToArray() : defaults.Ops;
            return new CellSpaceOptions(nodes, ops).Validated(space);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new NasUserException($"{space} space settings are malformed: {e.Message}");
        }
    }
}
