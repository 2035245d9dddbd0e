using Nas.Strategies;
using Nas.Verification;

namespace Nas.Tests.Verification;

public sealed class SyntheticObjectiveTests
{
    [Theory]
    [InlineData("flat")]
    [InlineData("macro")]
    [InlineData("darts-cell")]
    public void Scores_one_only_at_the_optimum_and_less_at_every_neighbour_of_it(string name)
    {
        var space = SyntheticSpaces.Create(name);
        Assert.True(space.Log10Size >= 12, $"{name}: 10^{space.Log10Size:F1}");
        var objective = new SyntheticObjective(space, seed: 4);
        Assert.Equal(1.0, objective.Value(objective.Optimum), 12);
        var neighbours = ArchitectureMutator.Neighbours(objective.Optimum, new SeededRandom(1));
        Assert.NotEmpty(neighbours);
        Assert.All(neighbours, n => Assert.InRange(objective.Value(n), 0, 1 - 1e-9));
        var random = new SeededRandom(2);
        for (int i = 0; i < 200; i++)
        {
            var a = ArchitectureSampler.Sample(space, random);
            double v = objective.Value(a);
            Assert.InRange(v, 0, 1);
            Assert.Equal(1 - v, objective.Regret(a), 12);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_objective_and_another_seed_another_optimum()
    {
        var space = SyntheticSpaces.Create("flat");
        var a = new SyntheticObjective(space, 7);
        var b = new SyntheticObjective(space, 7);
        var c = new SyntheticObjective(space, 8);
        Assert.Equal(a.Optimum, b.Optimum);
        Assert.NotEqual(a.Optimum, c.Optimum);
        var probe = ArchitectureSampler.Sample(space, new SeededRandom(3));
        Assert.Equal(a.Value(probe), b.Value(probe));
        Assert.NotEqual(a.Value(probe), c.Value(probe));
    }

    [Fact]
    public void A_strategy_with_the_objectives_seed_does_not_draw_the_optimum_first()
    {
        var space = SyntheticSpaces.Create("flat");
        for (int seed = 1; seed <= 5; seed++)
        {
            using var random = new RandomSearch(space, seed);
            Assert.True(new SyntheticObjective(space, seed).Regret(random.Ask().Architecture) > 0.1);
        }
    }

    [Fact]
    public void Observations_carry_noise_of_the_given_size()
    {
        var space = SyntheticSpaces.Create("macro");
        var objective = new SyntheticObjective(space, 1, noise: 0.01);
        var a = ArchitectureSampler.Sample(space, new SeededRandom(9));
        var noise = new SeededRandom(5);
        var errors = Enumerable.Range(0, 4000).Select(_ => objective.Observe(a, noise) - objective.Value(a)).ToArray();
        Assert.InRange(errors.Average(), -0.001, 0.001);
        Assert.InRange(Math.Sqrt(errors.Average(e => e * e)), 0.0095, 0.0105);
        Assert.Equal(objective.Value(a), new SyntheticObjective(space, 1, noise: 0).Observe(a, noise));
    }

    [Fact]
    public void A_regret_run_reports_the_true_regret_of_the_best_observed_after_each_evaluation()
    {
        var space = SyntheticSpaces.Create("flat");
        var objective = new SyntheticObjective(space, 3);
        using var strategy = new RandomSearch(space, 3);
        var regrets = RegretRun.Run(strategy, objective, 40, noiseSeed: 11);
        Assert.Equal(40, regrets.Length);
        // Replays the same proposals and noise: the curve follows the best observed, not the best true, score.
        using var replay = new RandomSearch(space, 3);
        var noise = new SeededRandom(11);
        double bestObserved = double.NegativeInfinity, expected = 1;
        for (int n = 0; n < 40; n++)
        {
            var a = replay.Ask().Architecture;
            double observed = objective.Observe(a, noise);
            if (observed > bestObserved) (bestObserved, expected) = (observed, objective.Regret(a));
            Assert.Equal(expected, regrets[n], 12);
        }
    }
}
