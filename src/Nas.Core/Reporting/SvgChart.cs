using System.Globalization;
using System.Net;
using System.Text;

namespace Nas.Reporting;

/// <summary>
/// A small line-and-point chart as inline SVG (no scripts, no fonts fetched): axes with a few ticks, one polyline or
/// set of points per series, and a legend. Enough for a report that opens offline.
/// </summary>
public sealed class SvgChart
{
    // A series is one or more lines (a learning curve per trial, say) in one colour under one legend entry.
    private readonly List<(string Name, IReadOnlyList<IReadOnlyList<(double X, double Y)>> Lines, bool Line, string Color)> _series = [];
    private readonly List<(double X, string Label)> _markers = [];
    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf"];

    /// <summary>A chart titled <paramref name="title"/> with axis labels.</summary>
    /// <param name="title">The title.</param>
    /// <param name="xLabel">The x axis's label.</param>
    /// <param name="yLabel">The y axis's label.</param>
    public SvgChart(string title, string xLabel, string yLabel) => (Title, XLabel, YLabel) = (title, xLabel, yLabel);

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>The x axis's label.</summary>
    public string XLabel { get; }

    /// <summary>The y axis's label.</summary>
    public string YLabel { get; }

    /// <summary>Whether the chart has any finite point.</summary>
    public bool IsEmpty => !_series.Any(s => s.Lines.Any(l => l.Count > 0));

    /// <summary>Adds a series; points that are not finite are left out.</summary>
    /// <param name="name">Its name in the legend.</param>
    /// <param name="points">Its points.</param>
    /// <param name="line">Joined by a line (else points only).</param>
    public SvgChart Add(string name, IEnumerable<(double X, double Y)> points, bool line = true) => AddLines(name, [points], line);

    /// <summary>Adds a series of several lines drawn alike (one learning curve per trial, say); points that are not finite are left out.</summary>
    /// <param name="name">Its name in the legend.</param>
    /// <param name="lines">Its lines, each joined on its own.</param>
    /// <param name="line">Joined by lines (else points only).</param>
    public SvgChart AddLines(string name, IEnumerable<IEnumerable<(double X, double Y)>> lines, bool line = true)
    {
        _series.Add((name, lines.Select(l => (IReadOnlyList<(double X, double Y)>)l.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList()).ToList(),
            line, Palette[_series.Count % Palette.Length]));
        return this;
    }

    /// <summary>Marks an x value with a dashed vertical line and a label (a rung's epoch, say); drawn only inside the data's range.</summary>
    /// <param name="x">Where.</param>
    /// <param name="label">Its label, at the top of the line.</param>
    public SvgChart Mark(double x, string label)
    {
        if (double.IsFinite(x)) _markers.Add((x, label));
        return this;
    }

    /// <summary>The SVG element.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public string Render(int width = 560, int height = 300)
    {
        const double left = 64, right = 16, top = 28, bottom = 44;
        var all = _series.SelectMany(s => s.Lines.SelectMany(l => l)).ToList();
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{Escape(Title)}</text>");
        if (all.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width / 2}\" y=\"{height / 2}\" text-anchor=\"middle\">no data</text></svg>");
            return svg.ToString();
        }
        var (x0, x1) = Range(all.Select(p => p.X));
        var (y0, y1) = Range(all.Select(p => p.Y));
        double plotW = width - left - right, plotH = height - top - bottom;
        double X(double x) => left + (x - x0) / (x1 - x0) * plotW;
        double Y(double y) => top + plotH - (y - y0) / (y1 - y0) * plotH;
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#888\"/>");
        foreach (var t in Ticks(x0, x1))
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(t):F1}\" y1=\"{top + plotH}\" x2=\"{X(t):F1}\" y2=\"{top + plotH + 4}\" stroke=\"#888\"/><text x=\"{X(t):F1}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\">{Tick(t, x0, x1)}</text>");
        foreach (var t in Ticks(y0, y1))
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left - 4}\" y1=\"{Y(t):F1}\" x2=\"{left + plotW}\" y2=\"{Y(t):F1}\" stroke=\"#eee\"/><text x=\"{left - 6}\" y=\"{Y(t) + 4:F1}\" text-anchor=\"end\">{Tick(t, y0, y1)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW / 2}\" y=\"{height - 8}\" text-anchor=\"middle\">{Escape(XLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {top + plotH / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(YLabel)}</text>");
        foreach (var (x, label) in _markers.Where(m => m.X >= x0 && m.X <= x1))
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(x):F1}\" y1=\"{top}\" x2=\"{X(x):F1}\" y2=\"{top + plotH}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/><text x=\"{X(x) + 3:F1}\" y=\"{top + plotH - 4}\" fill=\"#666\">{Escape(label)}</text>");
        int legend = 0;
        foreach (var (name, lines, line, color) in _series)
        {
            if (lines.All(l => l.Count == 0)) continue;
            foreach (var points in lines)
            {
                if (line && points.Count > 1)
                    svg.Append("<polyline fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"1.5\" points=\"")
                        .AppendJoin(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.X):F1},{Y(p.Y):F1}"))).Append("\"/>");
                foreach (var p in points)
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.X):F1}\" cy=\"{Y(p.Y):F1}\" r=\"{(line ? 2 : 3)}\" fill=\"{color}\"><title>{Escape(name)}: {Number(p.X)}, {Number(p.Y)}</title></circle>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + 8}\" y=\"{top + 6 + 14 * legend}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{left + 22}\" y=\"{top + 15 + 14 * legend}\">{Escape(name)}</text>");
            legend++;
        }
        return svg.Append("</svg>").ToString();
    }

    private static (double Low, double High) Range(IEnumerable<double> values)
    {
        double low = values.Min(), high = values.Max();
        if (high - low < 1e-12) (low, high) = (low - 0.5 * Math.Max(1e-6, Math.Abs(low)), high + 0.5 * Math.Max(1e-6, Math.Abs(high)));
        double pad = 0.04 * (high - low);
        return (low - pad, high + pad);
    }

    // About five round ticks inside [low, high].
    private static IEnumerable<double> Ticks(double low, double high)
    {
        double step = TickStep(low, high);
        for (double t = Math.Ceiling(low / step) * step; t <= high; t += step) yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
    }

    // A tick's label with as many decimals as the ticks' step needs, so neighbouring ticks never print alike.
    private static string Tick(double v, double low, double high)
    {
        double step = TickStep(low, high);
        if (Math.Abs(v) >= 1e5 || step < 1e-4) return v.ToString("G6", CultureInfo.InvariantCulture);
        int decimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step) - 1e-9));
        return v.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    private static double TickStep(double low, double high)
    {
        double raw = (high - low) / 5, magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
    }

    private static string Number(double v) => Math.Abs(v) >= 1e5 || (Math.Abs(v) < 1e-3 && v != 0)
        ? v.ToString("G3", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
