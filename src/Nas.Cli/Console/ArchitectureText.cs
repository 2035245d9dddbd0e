using Nas.Architectures;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;

namespace Nas.Cli.Console;

/// <summary>Short one-line descriptions of architectures for tables.</summary>
internal static class ArchitectureText
{
    /// <summary>Macro: <c>3x5/36 1x7/24&lt;1 ...</c> (kernel/filters, &lt;inputs); cells: <c>op&lt;input</c> per edge, nodes split by |; other spaces: their decision values.</summary>
    public static string Short(Architecture a)
    {
        if (a.Space.Name == MacroSpace.Name)
        {
            var g = MacroSpace.Decode(a);
            return string.Join(" ", g.Layers.Select(l =>
                $"{l.FilterHeight}x{l.FilterWidth}/{l.Filters}{(l.Stride > 1 ? "s" + l.Stride : "")}{(l.Inputs.Count > 0 && !(l.Inputs.Count == 1 && l.Inputs[0] == l.Index - 1) ? "<" + string.Join(",", l.Inputs) : l.Inputs.Count == 0 && l.Index > 1 ? "<img" : "")}"));
        }
        if (CellSpace.IsCellSpace(a.Space))
        {
            var g = CellSpace.ToGenotype(a);
            string Cell(CellKind kind) => string.Join(" | ", Enumerable.Range(0, g.Nodes(kind)).Select(n =>
                $"{g.Edges(kind)[2 * n].Op}<{g.Edges(kind)[2 * n].Input} {g.Edges(kind)[2 * n + 1].Op}<{g.Edges(kind)[2 * n + 1].Input}"));
            return $"normal: {Cell(CellKind.Normal)}; reduce: {Cell(CellKind.Reduce)}";
        }
        return a.ToString();
    }
}
