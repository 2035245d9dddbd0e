using Nas.Evaluation;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Controllers;

namespace Nas.Tests.Controllers;

public sealed class DepthScheduleTests
{
    private static readonly ReinforceOptions Small = new(new ControllerOptions(HiddenSize: 16), LearningRate: 0.01, EntropyWeight: 0, BatchSize: 2);
    private static readonly MacroSpaceOptions Full = new(Layers: 5);

    private static ReinforceStrategy Growing(int seed) => new(MacroSpace.Create(Full), seed, Small)
    {
        Depth = new DepthSchedule(2, 1, 3),
        SpaceAtDepth = d => MacroSpace.AtDepth(Full, d),
    };

    private static TrialOutcome Scored(double score) => TrialOutcome.Completed(new TrialMetrics(score, 1 - score, 0, 0, 0, Array.Empty<EpochMetrics>()));

    [Fact]
    public void Samples_grow_by_one_layer_every_three_up_to_the_space()
    {
        using var strategy = Growing(3);
        var depths = new List<int>();
        for (int i = 0; i < 14; i++)
        {
            var p = strategy.Ask()!;
            var genome = MacroSpace.Decode(p.Architecture);
            depths.Add(genome.Layers.Count);
            // The full space's pooling positions that fall inside (5 layers: after 1 and 2).
            Assert.Equal(new[] { 1, 2 }.Where(x => x < genome.Layers.Count), genome.PoolAfter);
            strategy.Tell(p, Scored(0.1 * genome.Layers.Count)); // scoring a shallower architecture under the full controller works
        }
        Assert.Equal(new[] { 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5 }, depths);
        Assert.Equal(7, strategy.Steps.Count);
        var deep = strategy.Ask()!;
        Assert.Equal(5, MacroSpace.Decode(deep.Architecture).Layers.Count);
        Assert.True(double.IsFinite(strategy.Controller.LogProbability(deep.Architecture)));
    }

    [Fact]
    public void A_saved_search_resumes_with_its_shallow_proposals_outstanding()
    {
        using var a = Growing(5);
        var out1 = Enumerable.Range(0, 5).Select(_ => a.Ask()!).ToList(); // depths 2, 2, 2, 3, 3
        a.Tell(out1[0], Scored(0.4));
        var saved = a.ExportState();
        using var b = Growing(5);
        b.ImportState(saved);
        foreach (var p in out1.Skip(1)) { a.Tell(p, Scored(0.5)); b.Tell(p, Scored(0.5)); }
        for (int i = 0; i < 4; i++) Assert.Equal(a.Ask()!, b.Ask()!);
    }

    [Theory]
    [InlineData("6:2")]
    [InlineData("0:1:5")]
    [InlineData("a:b:c")]
    public void Bad_schedules_name_the_option(string text) =>
        Assert.Equal("controller.depth_schedule", Assert.Throws<Nas.Search.SettingException>(() => DepthSchedule.Parse(text, "controller.depth_schedule")).Path);

    [Fact]
    public void The_paper_schedule_reaches_its_depth_after_the_right_number_of_samples()
    {
        var s = DepthSchedule.Parse("6:2:1600");
        Assert.Equal(6, s.At(1599, 15));
        Assert.Equal(8, s.At(1600, 15));
        Assert.Equal(15, s.At(100_000, 15));
    }
}
