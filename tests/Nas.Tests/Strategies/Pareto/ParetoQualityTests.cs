using Nas.Architectures;
using Nas.Evaluation;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Strategies.Pareto;
using Nas.Verification;
using Xunit.Abstractions;

namespace Nas.Tests.Strategies.Pareto;

/// <summary>
/// nsga2 against random search on a synthetic two-objective problem: accuracy is <see cref="SyntheticObjective"/>'s and
/// the cost is a per-decision table in which the optimum's option is the costliest of each decision, so accuracy has to
/// be paid for. Five seeds at 200 evaluations.
/// </summary>
public sealed class ParetoQualityTests(ITestOutputHelper output)
{
    private const int Seeds = 5, Evaluations = 200;

    // The costs of each decision's options: uniform in [0, 1), the optimum's option 1 to 1.5.
    private sealed class ConflictingCost
    {
        private readonly double[][] _table;

        public ConflictingCost(SearchSpace space, SyntheticObjective objective, int seed)
        {
            var random = new SeededRandom(seed + 7919);
            _table = space.Decisions.Select(d => d.Options.Select((_, o) =>
                o == objective.Optimum[d.Name].Index ? 1 + 0.5 * random.NextDouble() : random.NextDouble()).ToArray()).ToArray();
            Reference = _table.Sum(options => options.Max());
        }

        // The costliest architecture's cost: a fixed reference for the hypervolume.
        public double Reference { get; }

        public double Of(Architecture a) => a.Space.Decisions.Select((d, i) => _table[i][a[d.Name].Index]).Sum();
    }

    // Runs the strategy, telling noisy accuracies; returns the hypervolume of every completed trial by true accuracy.
    private static double Hypervolume(IStrategy strategy, SearchSpace space, int seed)
    {
        var objective = new SyntheticObjective(space, seed);
        var cost = new ConflictingCost(space, objective, seed);
        var noise = new SeededRandom(1000 + seed);
        var points = new List<ParetoPoint>();
        for (int n = 0; n < Evaluations; n++)
        {
            var p = strategy.Ask();
            double latency = cost.Of(p.Architecture);
            strategy.Tell(p, TrialOutcome.Completed(new TrialMetrics(objective.Observe(p.Architecture, noise), 0, 0, 0, 0, []) { LatencyMilliseconds = latency }));
            points.Add(new ParetoPoint(objective.Value(p.Architecture), latency));
        }
        return ParetoFront.Hypervolume(points, cost.Reference);
    }

    [Fact]
    public void Nsga2_covers_more_hypervolume_than_random_search_at_200_evaluations()
    {
        var space = SyntheticSpaces.Create("flat");
        int population = RegularizedEvolution.ScaledOptions(Evaluations).PopulationSize;
        var results = Enumerable.Range(1, Seeds).Select(seed =>
        {
            using var nsga2 = new ParetoEvolution(space, seed, new ParetoEvolutionOptions(ParetoObjective.Latency, population));
            using var random = new RandomSearch(space, seed);
            return (Nsga2: Hypervolume(nsga2, space, seed), Random: Hypervolume(random, space, seed));
        }).ToArray();
        foreach (var (r, i) in results.Select((r, i) => (r, i)))
            output.WriteLine($"seed {i + 1}: nsga2 {r.Nsga2:F3}, random {r.Random:F3}");
        // Measured: 1.35 times random's mean; with tournaments that prefer the worst member, 1.03. The bar sits between.
        Assert.True(results.Average(r => r.Nsga2) > 1.2 * results.Average(r => r.Random),
            $"mean hypervolume {results.Average(r => r.Nsga2):F3} against random's {results.Average(r => r.Random):F3}");
        Assert.True(results.Count(r => r.Nsga2 > r.Random) >= 4, "nsga2 beats random search in fewer than 4 of 5 seeds");
    }
}
