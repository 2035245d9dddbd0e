using Nas.Spaces;
using Nas.Strategies;
using Nas.Strategies.Bananas;
using Nas.Strategies.Local;
using Nas.Strategies.Tpe;
using Nas.Torch.Surrogates;
using Nas.Verification;
using Xunit.Abstractions;

namespace Nas.Tests.Verification;

/// <summary>
/// Issue 20's thresholds: on the synthetic objectives (three spaces of more than 10^12 architectures, noise 0.01,
/// five seeds) every strategy that learns has a lower mean regret than random search at 100 and at 300 evaluations.
/// The thresholds sit below the ratios measured (docs/benchmarks.md), so a strategy that stopped learning fails them.
/// </summary>
public sealed class StrategyRegretTests(ITestOutputHelper output)
{
    private const int Seeds = 5;

    public static TheoryData<string, string, double, double> Cases()
    {
        var data = new TheoryData<string, string, double, double>();
        foreach (var space in SyntheticSpaces.Names)
        {
            data.Add("local", space, 0.85, 0.40);
            data.Add("tpe", space, 0.85, 0.60);
            data.Add("evolution-scaled", space, 0.95, 0.60);
            data.Add("bananas", space, 0.85, 0.40);
        }
        // The controller's defaults (learning rate 2e-3, entropy 1e-2) on the cheapest space only: a controller update per
        // evaluation costs about a minute per space. Measured 0.62 at 100 and 0.10 at 300 here (0.92 and 0.52 on macro).
        data.Add("reinforce", "flat", 0.85, 0.40);
        return data;
    }

    private static IStrategy Create(string name, SearchSpace space, int seed) => name switch
    {
        "local" => new LocalSearch(space, seed),
        "tpe" => new TreeParzenEstimator(space, seed),
        "evolution-scaled" => new RegularizedEvolution(space, seed, RegularizedEvolution.ScaledOptions(300)),
        // A lighter predictor than the default (3 networks, 50 steps, 10 proposals per fit) keeps the test short; measured as good.
        "bananas" => new PredictorGuidedSearch(space, seed, new MlpEnsemble(members: 3, epochs: 50), new PredictorGuidedOptions(BatchSize: 10)),
        "reinforce" => new Nas.Torch.Controllers.ReinforceStrategy(space, seed),
        _ => new RandomSearch(space, seed),
    };

    private static double[] MeanCurve(string name, SearchSpace space)
    {
        var curves = Enumerable.Range(1, Seeds).Select(seed =>
        {
            using var strategy = Create(name, space, seed);
            return RegretRun.Run(strategy, new SyntheticObjective(space, seed), 300, 1000 + seed);
        }).ToArray();
        return Enumerable.Range(0, 300).Select(n => curves.Average(c => c[n])).ToArray();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Beats_random_search_at_100_and_300_evaluations(string strategy, string spaceName, double at100, double at300)
    {
        var space = SyntheticSpaces.Create(spaceName);
        var random = MeanCurve("random", space);
        var curve = MeanCurve(strategy, space);
        output.WriteLine($"{strategy} on {spaceName}: regret {curve[99]:F3} / {random[99]:F3} at 100, {curve[299]:F3} / {random[299]:F3} at 300");
        Assert.True(curve[99] < at100 * random[99], $"at 100: {curve[99]:F3} against random's {random[99]:F3}");
        Assert.True(curve[299] < at300 * random[299], $"at 300: {curve[299]:F3} against random's {random[299]:F3}");
    }
}
