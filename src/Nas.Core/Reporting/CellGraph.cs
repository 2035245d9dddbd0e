using Nas.Spaces.Cells;

namespace Nas.Reporting;

/// <summary>
/// One cell of a genotype as a graph to draw, in DARTS's naming: the inputs <c>c_{k-2}</c> and
/// <c>c_{k-1}</c>, the intermediate nodes <c>0</c>..<c>n-1</c>, the output <c>c_{k}</c>; an edge per genotype
/// edge labelled with its op, and an unlabelled edge from each concatenated node to the output.
/// Vertices are numbered like genotype states (0, 1 the inputs, i+2 node i), the output last.
/// </summary>
internal sealed class CellGraph
{
    public CellGraph(Genotype genotype, CellKind cell)
    {
        genotype.Validate();
        Cell = cell;
        int nodes = genotype.Nodes(cell);
        Output = nodes + 2;
        Labels = new[] { "c_{k-2}", "c_{k-1}" }.Concat(Enumerable.Range(0, nodes).Select(i => i.ToString())).Append("c_{k}").ToArray();
        var edges = genotype.Edges(cell).Select((e, i) => new Edge(e.Input, i / 2 + 2, e.Op)).ToList();
        edges.AddRange(genotype.Concat(cell).Order().Select(s => new Edge(s, Output, null)));
        Edges = edges;
    }

    public CellKind Cell { get; }

    /// <summary>The vertex index of the output.</summary>
    public int Output { get; }

    /// <summary>Vertex labels, by vertex index.</summary>
    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<Edge> Edges { get; }

    public string Title => Cell == CellKind.Normal ? "normal cell" : "reduction cell";

    public bool IsInput(int vertex) => vertex < 2;

    /// <summary>An edge; <see cref="Op"/> is null for the edges into the output.</summary>
    public sealed record Edge(int From, int To, string? Op);
}
