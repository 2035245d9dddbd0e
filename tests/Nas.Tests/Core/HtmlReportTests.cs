using System.Text.RegularExpressions;
using Nas.Architectures;
using Nas.Evaluation;
using Nas.Reporting;
using Nas.Spaces;
using Nas.Spaces.Macro;
using Nas.Spaces.Residual;
using Nas.Store;
using Nas.Strategies;

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

    [Fact]
    public void Learning_curves_show_completed_and_pruned_trials_apart_with_ashas_rungs_marked()
    {
        var directory = Directory.CreateTempSubdirectory("nas-report-").FullName;
        try
        {
            string html;
            using (var store = SqliteExperimentStore.Open(Path.Combine(directory, "experiment.db")))
            {
                // ASHA with r = 1, eta = 2: rungs at epochs 1, 2 and 4 within the longest curve (4 epochs).
                store.SaveConfiguration("{\"request\":{\"method\":\"random\",\"space\":\"residual\",\"seed\":1},\"settings\":{\"pruner\":{\"name\":\"asha\",\"min_epochs\":1,\"eta\":2}}}");
                var architecture = ResidualSpace.Baseline;
                void Trial(int epochs, bool pruned)
                {
                    long id = store.Enqueue(new Proposal(0, architecture), 1);
                    Assert.NotNull(store.Claim("w", TimeSpan.FromMinutes(5), 3));
                    for (int e = 1; e <= epochs; e++) store.AddEpoch(id, "w", new EpochMetrics(e, 1, 0.5, 1, 0.1 * e, 1, 100));
                    var metrics = new TrialMetrics(0.1 * epochs, 1, 482_154, 14_000_000, 4, []);
                    Assert.True(store.Finish(id, "w", pruned ? TrialOutcome.Pruned(metrics, "pruned by the asha rule") : TrialOutcome.Completed(metrics)));
                }
                Trial(4, pruned: false);
                Trial(2, pruned: true);
                html = HtmlReport.Render(store, directory);
            }
            Assert.Contains("<h2>Learning curves</h2>", html);
            Assert.Contains("rungs at epoch 1, 2, 4", html);
            foreach (var rung in new[] { "rung 1", "rung 2", "rung 3" }) Assert.Contains($">{rung}</text>", html);
            Assert.Contains(">completed</text>", html);
            Assert.Contains(">pruned</text>", html);
            // The best trial's picture, drawn from its architecture (no best.svg in the directory).
            Assert.Contains("<h2>Best architecture</h2>", html);
            Assert.Contains("residual network: /2 32x1k3 64x1k3 128x1k3", html);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Fact]
    public void Without_asha_the_learning_curves_have_no_rungs()
    {
        var directory = Directory.CreateTempSubdirectory("nas-report-").FullName;
        try
        {
            using var store = SqliteExperimentStore.Open(Path.Combine(directory, "experiment.db"));
            store.SaveConfiguration("{\"request\":{\"method\":\"random\",\"space\":\"residual\"},\"settings\":{\"pruner\":{\"name\":\"median\"}}}");
            long id = store.Enqueue(new Proposal(0, ResidualSpace.Baseline), 1);
            store.Claim("w", TimeSpan.FromMinutes(5), 3);
            for (int e = 1; e <= 3; e++) store.AddEpoch(id, "w", new EpochMetrics(e, 1, 0.5, 1, 0.2 * e, 1, 100));
            store.Finish(id, "w", TrialOutcome.Completed(new TrialMetrics(0.6, 1, 1, 1, 1, [])));
            var html = HtmlReport.Render(store, directory);
            Assert.Contains("<h2>Learning curves</h2>", html);
            Assert.DoesNotContain("rung 1", html);
        }
        finally { Directory.Delete(directory, recursive: true); }
    }

    [Fact]
    public void A_network_diagram_draws_the_box_above_as_an_arrow_and_every_other_input_as_an_arc()
    {
        var svg = NetworkDiagram.ToSvg("t", [
            new("image", NetworkNodeKind.Input, []),
            new("a", NetworkNodeKind.Layer, [0]),
            new("b", NetworkNodeKind.Layer, [0]),        // reads the image, not a: an arc, no arrow
            new("sum", NetworkNodeKind.Merge, [2, 1, 0]),  // one arrow, two arcs
        ]);
        Assert.Equal(2, Regex.Matches(svg, "<line ").Count);
        Assert.Equal(3, Regex.Matches(svg, "class=\"arc\"").Count);
        Assert.Equal(4, Regex.Matches(svg, "class=\"node\"").Count);
        Assert.Throws<ArgumentException>(() => NetworkDiagram.ToSvg("t", [new("a", NetworkNodeKind.Layer, [0])]));
    }

    [Fact]
    public void The_residual_baseline_is_drawn_block_by_block_with_one_identity_arc_per_block()
    {
        var svg = SpaceCatalog.Default.Picture(ResidualSpace.Baseline)!;
        Assert.Equal(3, Regex.Matches(svg, ">add · ReLU<").Count);
        Assert.Equal(3, Regex.Matches(svg, "class=\"arc\"").Count);
        Assert.Contains(">stem: conv 3x3/32 s2 · BN · ReLU<", svg);
        Assert.Contains(">conv 3x3/128 s2 · BN · ReLU<", svg);
    }

    [Fact]
    public void A_macro_network_picture_has_one_connection_per_input_pooling_and_classifier_input()
    {
        var space = MacroSpace.Create();
        for (int seed = 1; seed <= 20; seed++)
        {
            var architecture = ArchitectureSampler.Sample(space, new Random(seed));
            var genome = MacroSpace.Decode(architecture);
            var svg = SpaceCatalog.Default.Picture(architecture)!;
            int connections = Regex.Matches(svg, "<line ").Count + Regex.Matches(svg, "class=\"arc\"").Count;
            int expected = genome.Layers.Sum(l => Math.Max(1, l.Inputs.Count)) + genome.PoolAfter.Count + genome.Sinks.Count;
            Assert.Equal(expected, connections);
            Assert.Equal(genome.Layers.Count, Regex.Matches(svg, "conv \\d+x\\d+/").Count);
        }
    }

    [Fact]
    public void Every_image_space_but_none_of_the_text_spaces_draws_its_architectures()
    {
        foreach (var name in new[] { "macro", "enas-macro", "residual", "darts-cell", "enas-cell" })
        {
            var space = SpaceCatalog.Default.Kind(name).Create((System.Text.Json.Nodes.JsonObject?)null);
            var svg = SpaceCatalog.Default.Picture(ArchitectureSampler.Sample(space, new Random(3)));
            Assert.NotNull(svg);
            Assert.StartsWith("<svg", svg);
            System.Xml.Linq.XDocument.Parse(svg); // well-formed
        }
        Assert.Null(SpaceCatalog.Default.Picture(ArchitectureSampler.Sample(SpaceCatalog.Default.Kind("rnn-dag").Create((System.Text.Json.Nodes.JsonObject?)null), new Random(3))));
    }
}
