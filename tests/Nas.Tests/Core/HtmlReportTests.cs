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

    [Fact]
    public void The_search_log_gives_a_chart_per_numeric_series_and_heat_maps_of_its_matrices_at_the_first_and_last_step()
    {
        var directory = Directory.CreateTempSubdirectory("nas-report-").FullName;
        try
        {
            string html;
            using (var store = Nas.Store.SqliteExperimentStore.Open(Path.Combine(directory, "experiment.db")))
            {
                store.SaveConfiguration("{\"request\":{\"method\":\"darts\",\"space\":\"darts-cell\",\"seed\":3},\"space\":{\"settings\":{\"ops\":[\"sep_conv_3x3\",\"skip_connect\"]}}}");
                store.AddStep("darts", 1, "{\"entropy\":1.25,\"normal\":[[0.2,0.8],[0.6,0.4]],\"trial\":{\"accuracy\":0.5}}");
                store.AddStep("darts", 2, "{\"entropy\":0.75,\"normal\":[[0.1,0.9],[0.7,0.3]],\"trial\":{\"accuracy\":0.625}}");
                store.AddStep("darts", 3, "{\"entropy\":0.5,\"normal\":[[0.05,0.95],[0.8,0.2]],\"trial\":{\"accuracy\":0.75}}");
                html = HtmlReport.Render(store, directory);
            }
            Assert.Contains("nas darts on darts-cell", html);
            Assert.Contains("darts: entropy", html);
            Assert.Contains("darts: trial.accuracy", html); // one level of nesting is charted
            Assert.Contains("darts step 1: normal", html);
            Assert.Contains("darts step 3: normal", html);
            Assert.DoesNotContain("darts step 2: normal", html); // the first and the last only
            Assert.Contains("<th>skip_connect</th>", html);
            Assert.Contains("<b>0.950</b></td>", html); // the edge's strongest op in bold
        }
        finally { Directory.Delete(directory, recursive: true); }
    }
}
