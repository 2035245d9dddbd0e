using Nas.Architectures;
using Nas.Search;
using Nas.Strategies;

namespace Nas.Tests.Strategies;

public sealed class ConstrainedStrategyTests
{
    private static string? OverTwo(Architecture a) => a["d0"].Index > 1 ? $"d0 is {a["d0"].Index}" : null;

    [Fact]
    public void Only_proposals_within_the_constraints_come_out_and_the_others_are_told_as_failed()
    {
        var space = TestSpaces.Flat();
        var evolution = new RegularizedEvolution(space, 1, new RegularizedEvolutionOptions(5, 2));
        using var constrained = new ConstrainedStrategy(evolution, OverTwo);
        for (int i = 0; i < 40; i++)
        {
            var p = constrained.Ask();
            Assert.Null(OverTwo(p.Architecture));
            constrained.Tell(p, 0.1 * (i % 5));
        }
        Assert.InRange(constrained.Rejected, 1, 1000);
        Assert.Equal(constrained.Rejected, evolution.Failed);
        Assert.Equal(40, evolution.Completed);
        Assert.Equal("evolution", constrained.Name);
    }

    [Fact]
    public void Gives_up_with_one_line_when_nothing_keeps_the_constraints()
    {
        using var constrained = new ConstrainedStrategy(new RandomSearch(TestSpaces.Flat(), 1), _ => "too big", maxTries: 20);
        Assert.Equal("no proposal within the constraints in 20 tries (the last: too big)", Assert.Throws<ConstraintException>(() => constrained.Ask()).Message);
    }

    [Fact]
    public void Passes_only_earlier_results_within_the_constraints_on()
    {
        var space = TestSpaces.Flat();
        var random = new SeededRandom(2);
        var earlier = Enumerable.Range(0, 30).Select(_ => new PriorResult(ArchitectureSampler.Sample(space, random), 0.5)).ToArray();
        var evolution = new RegularizedEvolution(space, 1, new RegularizedEvolutionOptions(100, 2));
        using var constrained = new ConstrainedStrategy(evolution, OverTwo);
        constrained.WarmStart(earlier);
        Assert.Equal(earlier.Count(r => OverTwo(r.Architecture) is null), evolution.Population.Count);
    }

    [Theory]
    [InlineData(1000L, 10L, null)]
    [InlineData(1001L, 10L, "1,001 parameters, more than 1,000")]
    [InlineData(1000L, 11L, "11 multiply-adds, more than 10")]
    public void Names_the_limit_a_network_breaks(long parameters, long madds, string? expected) =>
        Assert.Equal(expected, new ConstraintLimits(1000, 10).Violation(parameters, madds));

    [Theory]
    [InlineData(2.5, null)]
    [InlineData(2.51, "2.51 ms predicted latency, more than 2.5 ms")]
    public void Names_a_latency_over_the_limit(double latency, string? expected)
    {
        var limits = new ConstraintLimits(null, null, 2.5);
        Assert.True(limits.NeedsLatency);
        Assert.Equal(expected, limits.Violation(10, 10, latency));
        Assert.False(new ConstraintLimits(5, null).NeedsLatency);
    }
}
