using Nas.Architectures;
using Nas.Strategies;
using Nas.Strategies.Tpe;

namespace Nas.Tests.Strategies;

public sealed class TreeParzenEstimatorTests
{
    private static double Score(Architecture a) => a.Space.Decisions.Where(d => !d.IsSubset).Sum(d => a[d.Name].Index == 0 ? 1.0 : 0.0) / 10;

    [Fact]
    public void The_univariate_density_is_optunas_categorical_parzen_estimator()
    {
        // One item of 4 states, observed states 1, 1, 3, prior weight 1: each observation's kernel puts 1 + 1/4 on its
        // state and 1/4 on the others (then normalises by 2), the prior kernel 1/4 everywhere, all weighted 1 over 3 + 1.
        var space = TestSpaces.Flat(decisions: 1, options: 4);
        var encoding = new ArchitectureEncoding(space);
        var model = new ParzenModel(encoding, [[1], [1], [3]], priorWeight: 1);
        double Expected(int s) => (new[] { 1, 1, 3 }.Sum(o => ((o == s ? 1 : 0) + 0.25) / 2) + 0.25) / 4;
        for (int s = 0; s < 4; s++) Assert.Equal(Expected(s), model.Univariate(0, s), 12);
        Assert.Equal(1.0, Enumerable.Range(0, 4).Sum(s => model.Univariate(0, s)), 12);
        Assert.Equal(Math.Log(Expected(3)), model.LogDensity([3], multivariate: false), 12);
        // With one item the joint mixture is the same distribution.
        Assert.Equal(Math.Log(Expected(3)), model.LogDensity([3], multivariate: true), 12);
    }

    [Fact]
    public void Items_a_trial_lacks_are_left_out_of_its_density()
    {
        var space = TestSpaces.Flat(decisions: 2, options: 3);
        var model = new ParzenModel(new ArchitectureEncoding(space), [[0, -1], [0, 2]], priorWeight: 1);
        Assert.Equal(model.LogDensity([0, -1], false), Math.Log(model.Univariate(0, 0)), 12);
        // The second item was seen once: 1 observation plus the prior.
        Assert.Equal(((1 + 0.5) / 2.5 + 1.0 / 3) / 2, model.Univariate(1, 2), 12);
    }

    [Fact]
    public void Starts_random_then_proposes_mostly_what_the_good_trials_share()
    {
        var space = TestSpaces.Flat(decisions: 10, options: 4);
        using var tpe = new TreeParzenEstimator(space, 3);
        var scores = new List<double>();
        for (int i = 0; i < 120; i++)
        {
            var p = tpe.Ask();
            scores.Add(Score(p.Architecture));
            tpe.Tell(p, scores[^1]);
        }
        // Random proposals have 1 in 4 decisions at option 0; the model's last 40 have far more.
        Assert.InRange(scores.Take(10).Average(), 0.0, 0.5);
        Assert.True(scores.Skip(80).Average() > 0.6, $"last 40 average {scores.Skip(80).Average():F2}");
        Assert.Equal(120, tpe.Completed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void In_a_dependent_space_every_proposal_is_valid_and_new(bool multivariate)
    {
        var space = TestSpaces.Dependent();
        var all = TestSpaces.All(space).Select(a => a.Key).ToHashSet();
        using var tpe = new TreeParzenEstimator(space, 1, new TreeParzenOptions(Startup: 5, Multivariate: multivariate));
        var seen = new HashSet<string>();
        for (int i = 0; i < 40; i++)
        {
            var p = tpe.Ask();
            Assert.Contains(p.Architecture.Key, all);
            Assert.True(seen.Add(p.Architecture.Key), $"proposal {i} repeats an earlier one");
            tpe.Tell(p, p.Architecture.Values.Values.Sum(c => c.Indices.Sum() + 1) / 20.0);
        }
    }

    [Fact]
    public void Failed_trials_are_not_modelled()
    {
        var space = TestSpaces.Flat();
        using var tpe = new TreeParzenEstimator(space, 1);
        var a = tpe.Ask();
        tpe.Tell(a, TrialOutcome.Failed("boom"));
        Assert.Equal(0, tpe.Completed);
        Assert.Equal(1, tpe.Failed);
        Assert.Throws<ArgumentException>(() => tpe.Tell(a, 0.5));
    }

    [Fact]
    public void A_resumed_search_proposes_what_the_unbroken_one_did()
    {
        var space = TestSpaces.FlatWithSubset();
        var options = new TreeParzenOptions(Startup: 5, Candidates: 8);
        using var unbroken = new TreeParzenEstimator(space, 4, options);
        var reference = Run(unbroken, 40);

        using var first = new TreeParzenEstimator(space, 4, options);
        var head = Run(first, 15);
        var outstanding = first.Ask();
        using var second = new TreeParzenEstimator(space, 4, options);
        second.ImportState(first.ExportState());
        Assert.Equal(first.ExportState(), second.ExportState());
        Assert.Equal(reference[15], outstanding.Architecture.Key);
        second.Tell(outstanding, Score(outstanding.Architecture));
        var tail = Run(second, 24);
        Assert.Equal(reference, head.Append(outstanding.Architecture.Key).Concat(tail));

        Assert.Contains("settings", Assert.Throws<NasUserException>(() => new TreeParzenEstimator(space, 4).ImportState(first.ExportState())).Message);
        Assert.Contains("'flat-subset' space", Assert.Throws<NasUserException>(() => new TreeParzenEstimator(TestSpaces.Flat(), 4, options).ImportState(first.ExportState())).Message);
    }

    private static List<string> Run(IStrategy strategy, int count)
    {
        var keys = new List<string>();
        for (int i = 0; i < count; i++)
        {
            var p = strategy.Ask();
            keys.Add(p.Architecture.Key);
            strategy.Tell(p, Score(p.Architecture));
        }
        return keys;
    }
}
