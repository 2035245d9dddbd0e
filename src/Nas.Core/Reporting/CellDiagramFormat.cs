namespace Nas.Reporting;

/// <summary>The output formats of <see cref="CellDiagram"/>.</summary>
public enum CellDiagramFormat
{
    /// <summary>A self-contained SVG image, laid out here.</summary>
    Svg,

    /// <summary>Graphviz DOT source, for those who want Graphviz's layout.</summary>
    Dot,
}
