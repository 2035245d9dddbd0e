using System.Text;

namespace Nas.Reporting;

/// <summary>Writes cells as Graphviz DOT in the style of DARTS's visualize.py, one cluster per cell.</summary>
internal static class DotCellWriter
{
    public static string Write(IReadOnlyList<CellGraph> graphs)
    {
        var dot = new StringBuilder();
        dot.AppendLine("digraph cells {");
        dot.AppendLine("  rankdir=LR;");
        dot.AppendLine("  node [shape=rect, style=\"rounded,filled\", fontname=\"helvetica\", penwidth=2];");
        dot.AppendLine("  edge [fontname=\"times\"];");
        foreach (var graph in graphs)
        {
            string prefix = graph.Cell.ToString().ToLowerInvariant();
            string Id(int v) => Quote($"{prefix}:{graph.Labels[v]}");
            dot.AppendLine($"  subgraph cluster_{prefix} {{");
            dot.AppendLine($"    label={Quote(graph.Title)};");
            for (int v = 0; v < graph.Labels.Count; v++)
            {
                string fill = graph.IsInput(v) ? "darkseagreen2" : v == graph.Output ? "palegoldenrod" : "lightblue";
                dot.AppendLine($"    {Id(v)} [label={Quote(graph.Labels[v])}, fillcolor={fill}];");
            }
            foreach (var e in graph.Edges)
                dot.AppendLine(e.Op is null
                    ? $"    {Id(e.From)} -> {Id(e.To)} [color=gray];"
                    : $"    {Id(e.From)} -> {Id(e.To)} [label={Quote(e.Op)}{(e.Op == Spaces.Cells.CellOps.None ? ", style=dashed" : "")}];");
            dot.AppendLine("  }");
        }
        dot.AppendLine("}");
        return dot.ToString();
    }

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
