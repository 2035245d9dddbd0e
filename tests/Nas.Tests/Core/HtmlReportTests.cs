using Nas.Reporting;

namespace Nas.Tests.Core;

public class HtmlReportTests
{
    [Fact]
    public void The_Pareto_front_keeps_each_point_no_smaller_network_beats()
    {
        var points = new (double, double)[] { (300, 0.90), (100, 0.80), (200, 0.85), (250, 0.84), (100, 0.70), (400, 0.89) };
        Assert.Equal([(100, 0.80), (200, 0.85), (300, 0.90)], HtmlReport.ParetoFront(points));
    }

    [Fact]
    public void A_chart_escapes_its_text_and_leaves_out_points_that_are_not_finite()
    {
        var svg = new SvgChart("a <b> & c", "x", "y").Add("s", [(0, 1), (1, double.NaN), (2, 3)]).Render();
        Assert.Contains("a &lt;b&gt; &amp; c", svg);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(svg, "<circle").Count);
        Assert.Contains("no data", new SvgChart("t", "x", "y").Add("s", [(double.NaN, 1)]).Render());
    }
}
