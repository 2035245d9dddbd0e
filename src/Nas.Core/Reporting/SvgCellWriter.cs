using System.Globalization;
using System.Security;
using System.Text;

namespace Nas.Reporting;

/// <summary>Writes laid-out cells as one SVG document, the cells stacked top to bottom.</summary>
internal static class SvgCellWriter
{
    private const string InputFill = "#b4eeb4", NodeFill = "#add8e6", OutputFill = "#eee8aa";

    public static string Write(IReadOnlyList<CellLayout> layouts)
    {
        double width = layouts.Max(l => l.Width), height = layouts.Sum(l => l.Height);
        var svg = new StringBuilder();
        svg.AppendLine(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"Helvetica, Arial, sans-serif\">"));
        svg.AppendLine("  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#444\"/></marker></defs>");
        svg.AppendLine(F($"  <rect width=\"{width:0}\" height=\"{height:0}\" fill=\"white\"/>"));
        double offset = 0;
        foreach (var layout in layouts)
        {
            WriteCell(svg, layout, offset);
            offset += layout.Height;
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void WriteCell(StringBuilder svg, CellLayout layout, double dy)
    {
        var graph = layout.Graph;
        string id = graph.Cell.ToString().ToLowerInvariant();
        svg.AppendLine(F($"  <g id=\"{id}\" transform=\"translate(0,{dy:0.#})\">"));
        svg.AppendLine(F($"    <text x=\"{CellLayout.Margin:0}\" y=\"{CellLayout.Margin + 14:0}\" font-size=\"16\" font-weight=\"bold\">{graph.Title}</text>"));
        var groups = Enumerable.Range(0, graph.Edges.Count).GroupBy(i => (graph.Edges[i].From, graph.Edges[i].To)).ToDictionary(g => g.Key, g => g.ToList());
        var taken = Enumerable.Range(0, graph.Labels.Count).Select(v => new Box(
            layout.X[v] - CellLayout.NodeWidth / 2, layout.Y[v] - CellLayout.NodeHeight / 2, CellLayout.NodeWidth, CellLayout.NodeHeight)).ToList();
        var labels = new List<string>();
        for (int i = 0; i < graph.Edges.Count; i++)
        {
            var edge = graph.Edges[i];
            var twins = groups[(edge.From, edge.To)];
            double bend = (twins.IndexOf(i) - (twins.Count - 1) / 2.0) * 22;
            WriteEdge(svg, labels, taken, layout, i, bend);
        }
        foreach (var label in labels) svg.AppendLine(label);
        for (int v = 0; v < graph.Labels.Count; v++)
        {
            string fill = graph.IsInput(v) ? InputFill : v == graph.Output ? OutputFill : NodeFill;
            double x = layout.X[v] - CellLayout.NodeWidth / 2, y = layout.Y[v] - CellLayout.NodeHeight / 2;
            svg.AppendLine(F($"    <g class=\"node\"><rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{CellLayout.NodeWidth:0}\" height=\"{CellLayout.NodeHeight:0}\" rx=\"8\" fill=\"{fill}\" stroke=\"#333\" stroke-width=\"1.5\"/>") +
                F($"<text x=\"{layout.X[v]:0.#}\" y=\"{layout.Y[v] + 5:0.#}\" text-anchor=\"middle\" font-size=\"14\">{Escape(graph.Labels[v])}</text></g>"));
        }
        svg.AppendLine("  </g>");
    }

    private static void WriteEdge(StringBuilder svg, List<string> labels, List<Box> taken, CellLayout layout, int index, double bend)
    {
        var edge = layout.Graph.Edges[index];
        var points = layout.Paths[index];
        // Curves join (0,1), (2,3), ...; the pairs (1,2), (3,4), ... cross a column in a straight line.
        var curves = new List<double[]>();
        var d = new StringBuilder(F($"M {points[0].X:0.#} {points[0].Y:0.#}"));
        for (int i = 0; i + 1 < points.Count; i += 2)
        {
            var (x0, y0) = points[i];
            var (x3, y3) = points[i + 1];
            double reach = Math.Max(40, (x3 - x0) / 2);
            double[] c = { x0, y0, x0 + reach, y0 + bend, x3 - reach, y3 + bend, x3, y3 };
            curves.Add(c);
            if (i > 0) d.Append(F($" L {x0:0.#} {y0:0.#}"));
            d.Append(F($" C {c[2]:0.#} {c[3]:0.#}, {c[4]:0.#} {c[5]:0.#}, {x3:0.#} {y3:0.#}"));
        }
        string stroke = edge.Op is null ? "#999" : "#444";
        string dash = edge.Op == Spaces.Cells.CellOps.None ? " stroke-dasharray=\"5,4\"" : "";
        svg.AppendLine(F($"    <path class=\"edge\" d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1.5\"{dash} marker-end=\"url(#arrow)\"/>"));
        if (edge.Op is null) return;
        // The label goes where along the edge it overlaps no node and no earlier label (mid-curve if it can).
        double width = edge.Op.Length * LabelCharWidth + 4, height = LabelHeight;
        Box? best = null;
        foreach (double t in LabelPositions)
            foreach (var c in curves)
            {
                var (mx, my) = Bezier(t, c);
                var box = new Box(mx - width / 2, my - height / 2, width, height);
                best ??= box;
                if (!taken.Any(box.Overlaps)) { best = box; goto placed; }
            }
        placed:
        taken.Add(best!);
        labels.Add(F($"    <text class=\"op\" x=\"{best!.X + width / 2:0.#}\" y=\"{best.Y + height - 3:0.#}\" text-anchor=\"middle\" font-size=\"11\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\">{Escape(edge.Op)}</text>"));
    }

    private const double LabelCharWidth = 6.2, LabelHeight = 13;

    private static readonly double[] LabelPositions = { 0.6, 0.5, 0.7, 0.4, 0.78, 0.3, 0.85, 0.22 };

    private static (double X, double Y) Bezier(double t, double[] p)
    {
        double u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
        return (a * p[0] + b * p[2] + c * p[4] + d * p[6], a * p[1] + b * p[3] + c * p[5] + d * p[7]);
    }

    private sealed record Box(double X, double Y, double Width, double Height)
    {
        public bool Overlaps(Box o) => X < o.X + o.Width && o.X < X + Width && Y < o.Y + o.Height && o.Y < Y + Height;
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
