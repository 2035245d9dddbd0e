using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Reporting;
using Nas.Search;

namespace Nas.Spaces.Cells;

/// <summary>The registration of a cell space (<c>darts-cell</c>, <c>enas-cell</c>): architectures shown per node as <c>op&lt;input</c>, and a picture of the cells.</summary>
public sealed class CellSpaceKind : SpaceKind
{
    /// <param name="name">The space's name (<c>darts-cell</c>, <c>enas-cell</c>).</param>
    /// <param name="defaults">The space's defaults: nodes per cell and candidate ops.</param>
    /// <param name="create">Builds the space from its options.</param>
    /// <param name="summary">One line that says what the space is.</param>
    public CellSpaceKind(string name, CellSpaceOptions defaults, Func<CellSpaceOptions, SearchSpace> create, string summary) : base(name, SpaceTask.Image, summary,
        [
            Setting.Integer("nodes", defaults.Nodes, "intermediate nodes of each cell", minimum: 1, maximum: 16),
            new Setting
            {
                Key = "ops", Kind = SettingKind.Text, Advanced = true,
                Description = $"the ops an edge may take, comma-separated (default {string.Join(",", defaults.Ops)})",
            },
        ],
        settings => create(CellSpaceOptions.FromJson(OpsAsList(settings), defaults, name)))
    { }

    // The ops setting arrives as comma-separated text from a request and as a list from an architecture file.
    private static System.Text.Json.JsonElement OpsAsList(System.Text.Json.JsonElement settings)
    {
        if (!settings.TryGetProperty("ops", out var ops) || ops.ValueKind != System.Text.Json.JsonValueKind.String) return settings;
        var node = JsonNode.Parse(settings.GetRawText())!.AsObject();
        node["ops"] = new JsonArray(ops.GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => (JsonNode?)JsonValue.Create(o)).ToArray());
        return System.Text.Json.JsonSerializer.SerializeToElement(node);
    }

    /// <summary><c>normal: op&lt;input op&lt;input | ...; reduce: ...</c></summary>
    /// <param name="architecture">An architecture of this cell space.</param>
    public override string Describe(Architecture architecture)
    {
        var g = CellSpace.ToGenotype(architecture);
        string Cell(CellKind kind) => string.Join(" | ", Enumerable.Range(0, g.Nodes(kind)).Select(n =>
            $"{g.Edges(kind)[2 * n].Op}<{g.Edges(kind)[2 * n].Input} {g.Edges(kind)[2 * n + 1].Op}<{g.Edges(kind)[2 * n + 1].Input}"));
        return $"normal: {Cell(CellKind.Normal)}; reduce: {Cell(CellKind.Reduce)}";
    }

    /// <summary>The normal and the reduction cell as graphs (<see cref="CellDiagram"/>).</summary>
    /// <param name="architecture">An architecture of a cell space.</param>
    public override string? Picture(Architecture architecture) => CellDiagram.ToSvg(CellSpace.ToGenotype(architecture));
}
