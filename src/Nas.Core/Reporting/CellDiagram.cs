using Nas.Spaces.Cells;

namespace Nas.Reporting;

/// <summary>
/// Draws the cells of a genotype as graphs, DARTS style: inputs <c>c_{k-2}</c>, <c>c_{k-1}</c>,
/// intermediate nodes <c>0</c>..<c>n-1</c>, output <c>c_{k}</c>, edges labelled with their ops (<c>none</c>
/// dashed), grey edges from the concatenated nodes to the output. SVG is laid out here, left to right
/// in layers, with no external tool; DOT is left to Graphviz.
/// </summary>
public static class CellDiagram
{
    /// <summary>Both cells, the normal one above the reduction one.</summary>
    /// <param name="genotype">The cells to draw.</param>
    public static string ToSvg(Genotype genotype) => SvgCellWriter.Write(Cells(genotype).Select(g => new CellLayout(g)).ToArray());

    /// <summary>One cell.</summary>
    /// <param name="genotype">The cells to draw.</param>
    /// <param name="cell">The cell to draw.</param>
    public static string ToSvg(Genotype genotype, CellKind cell) => SvgCellWriter.Write([new CellLayout(new CellGraph(genotype, cell))]);

    /// <summary>Both cells as one DOT digraph with a cluster per cell.</summary>
    /// <param name="genotype">The cells to draw.</param>
    public static string ToDot(Genotype genotype) => DotCellWriter.Write(Cells(genotype));

    /// <summary>One cell as a DOT digraph.</summary>
    /// <param name="genotype">The cells to draw.</param>
    /// <param name="cell">The cell to draw.</param>
    public static string ToDot(Genotype genotype, CellKind cell) => DotCellWriter.Write([new CellGraph(genotype, cell)]);

    /// <summary>Both cells, or only <paramref name="cell"/>, in the given format.</summary>
    /// <param name="genotype">The cells to draw.</param>
    /// <param name="format">SVG or DOT.</param>
    /// <param name="cell">One cell, or null for both.</param>
    public static string Render(Genotype genotype, CellDiagramFormat format, CellKind? cell = null) => (format, cell) switch
    {
        (CellDiagramFormat.Svg, null) => ToSvg(genotype),
        (CellDiagramFormat.Svg, { } one) => ToSvg(genotype, one),
        (CellDiagramFormat.Dot, null) => ToDot(genotype),
        (CellDiagramFormat.Dot, { } one) => ToDot(genotype, one),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static CellGraph[] Cells(Genotype genotype) => [new(genotype, CellKind.Normal), new(genotype, CellKind.Reduce)];
}
