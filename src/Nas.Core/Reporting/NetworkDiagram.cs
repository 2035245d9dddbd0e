using System.Globalization;
using System.Security;
using System.Text;

namespace Nas.Reporting;

/// <summary>
/// Draws a network as one column of boxes, top to bottom in the order data flows: straight arrows from each box to
/// the next that reads it, arcs on the right for every other input (skip connections, residual sums, concatenations),
/// nested so that longer arcs lie further out. Macro, ENAS macro and residual networks are drawn this way; cells have
/// <see cref="CellDiagram"/>.
/// </summary>
public static class NetworkDiagram
{
    private const double Margin = 12, BoxWidth = 300, BoxHeight = 24, Gap = 14, ArcStep = 14, TitleHeight = 26;

    /// <summary>The network as an SVG document.</summary>
    /// <param name="title">A line above the boxes.</param>
    /// <param name="nodes">The boxes; every input names an earlier box.</param>
    public static string ToSvg(string title, IReadOnlyList<NetworkNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        for (int i = 0; i < nodes.Count; i++)
            if (nodes[i].Inputs.Any(j => j < 0 || j >= i))
                throw new ArgumentException($"box {i} ('{nodes[i].Label}') reads a box that is not before it", nameof(nodes));
        // Arcs: every input other than the box just above; nested by length, the shortest innermost.
        var arcs = nodes.SelectMany((n, to) => n.Inputs.Where(from => from != to - 1).Select(from => (From: from, To: to)))
            .OrderBy(a => a.To - a.From).ThenBy(a => a.From).ToList();
        var lane = new int[arcs.Count];
        for (int a = 0; a < arcs.Count; a++)
        {
            // The innermost lane no overlapping arc already holds.
            int l = 0;
            while (Enumerable.Range(0, a).Any(b => lane[b] == l && arcs[b].From < arcs[a].To && arcs[a].From < arcs[b].To)) l++;
            lane[a] = l;
        }
        int lanes = arcs.Count == 0 ? 0 : lane.Max() + 1;
        // Wide enough for the arcs and for the title (bold 14 px: about 8.5 px a character).
        double width = Math.Max(2 * Margin + BoxWidth + ArcStep * (lanes + 1) + 10, 2 * Margin + 8.5 * title.Length), height = 2 * Margin + TitleHeight + nodes.Count * (BoxHeight + Gap) - Gap;
        double Top(int i) => Margin + TitleHeight + i * (BoxHeight + Gap);
        double right = Margin + BoxWidth, centre = Margin + BoxWidth / 2;

        var svg = new StringBuilder();
        svg.AppendLine(F($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:0}\" height=\"{height:0}\" viewBox=\"0 0 {width:0} {height:0}\" font-family=\"Helvetica, Arial, sans-serif\">"));
        svg.AppendLine("  <defs><marker id=\"net-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#444\"/></marker></defs>");
        svg.AppendLine(F($"  <rect width=\"{width:0}\" height=\"{height:0}\" fill=\"white\"/>"));
        svg.AppendLine(F($"  <text x=\"{Margin:0}\" y=\"{Margin + 15:0}\" font-size=\"14\" font-weight=\"bold\">{Escape(title)}</text>"));
        for (int i = 1; i < nodes.Count; i++)
            if (nodes[i].Inputs.Contains(i - 1))
                svg.AppendLine(F($"  <line x1=\"{centre:0.#}\" y1=\"{Top(i - 1) + BoxHeight:0.#}\" x2=\"{centre:0.#}\" y2=\"{Top(i):0.#}\" stroke=\"#444\" stroke-width=\"1.3\" marker-end=\"url(#net-arrow)\"/>"));
        for (int a = 0; a < arcs.Count; a++)
        {
            double y1 = Top(arcs[a].From) + BoxHeight / 2, y2 = Top(arcs[a].To) + BoxHeight / 2, x = right + ArcStep * (lane[a] + 1);
            svg.AppendLine(F($"  <path class=\"arc\" d=\"M {right:0.#} {y1:0.#} C {x + 6:0.#} {y1:0.#}, {x + 6:0.#} {y2:0.#}, {right:0.#} {y2:0.#}\" fill=\"none\" stroke=\"#777\" stroke-width=\"1.2\" marker-end=\"url(#net-arrow)\"/>"));
        }
        for (int i = 0; i < nodes.Count; i++)
        {
            string fill = nodes[i].Kind switch
            {
                NetworkNodeKind.Input => "#b4eeb4", NetworkNodeKind.Pool => "#dddddd", NetworkNodeKind.Merge => "#f5deb3",
                NetworkNodeKind.Output => "#eee8aa", _ => "#add8e6",
            };
            svg.AppendLine(F($"  <g class=\"node\"><rect x=\"{Margin:0}\" y=\"{Top(i):0.#}\" width=\"{BoxWidth:0}\" height=\"{BoxHeight:0}\" rx=\"6\" fill=\"{fill}\" stroke=\"#333\"/>") +
                F($"<text x=\"{centre:0.#}\" y=\"{Top(i) + 16:0.#}\" text-anchor=\"middle\" font-size=\"12\">{Escape(nodes[i].Label)}</text></g>"));
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
