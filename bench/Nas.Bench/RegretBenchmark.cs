using System.Diagnostics;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Strategies.Bananas;
using Nas.Strategies.Local;
using Nas.Strategies.Predictors;
using Nas.Torch.Surrogates;
using Nas.Strategies.Tpe;
using Nas.Torch.Controllers;
using Nas.Verification;

namespace Nas.Bench;

/// <summary>
/// Issue 20: every strategy against random search on closed-form objectives with known optima
/// (<see cref="SyntheticObjective"/>, noise 0.01) over the <see cref="SyntheticSpaces"/>, through ask/tell, several seeds.
/// Prints, per space, the mean regret (± standard deviation over seeds) at a few evaluation counts and its ratio to random's.
/// </summary>
internal static class RegretBenchmark
{
    /// <summary>The strategies by name, each built for a space, a seed and the number of evaluations; the plain names are the defaults.</summary>
    public static readonly IReadOnlyDictionary<string, Func<SearchSpace, int, int, IStrategy>> Strategies = new Dictionary<string, Func<SearchSpace, int, int, IStrategy>>
    {
        ["random"] = (s, seed, _) => new RandomSearch(s, seed),
        ["evolution"] = (s, seed, n) => new RegularizedEvolution(s, seed, RegularizedEvolution.ScaledOptions(n)),
        ["evolution-100-25"] = (s, seed, _) => new RegularizedEvolution(s, seed, new RegularizedEvolutionOptions(100, 25)),
        ["local"] = (s, seed, _) => new LocalSearch(s, seed),
        ["local-best"] = (s, seed, _) => new LocalSearch(s, seed, new LocalSearchOptions(BestImprovement: true)),
        ["tpe"] = (s, seed, _) => new TreeParzenEstimator(s, seed),
        ["tpe-multivariate"] = (s, seed, _) => new TreeParzenEstimator(s, seed, new TreeParzenOptions(Multivariate: true)),
        ["tpe-gamma-0.1"] = (s, seed, _) => new TreeParzenEstimator(s, seed, new TreeParzenOptions(Gamma: 0.1)),
        ["bananas"] = (s, seed, _) => new PredictorGuidedSearch(s, seed, new MlpEnsemble()),
        ["bananas-ucb"] = (s, seed, _) => new PredictorGuidedSearch(s, seed, new MlpEnsemble(), new PredictorGuidedOptions(Thompson: false)),
        ["bananas-cheap"] = (s, seed, _) => new PredictorGuidedSearch(s, seed, new MlpEnsemble(members: 3, epochs: 50), new PredictorGuidedOptions(BatchSize: 10)),
        ["random+screen-10"] = (s, seed, _) => new SurrogateScreening(new RandomSearch(s, seed), s, new MlpEnsemble(), 10, seed: seed),
        ["random+screen-30"] = (s, seed, _) => new SurrogateScreening(new RandomSearch(s, seed), s, new MlpEnsemble(), 30, seed: seed),
        ["evolution+screen-10"] = (s, seed, n) => new SurrogateScreening(new RegularizedEvolution(s, seed, RegularizedEvolution.ScaledOptions(n)), s, new MlpEnsemble(), 10, seed: seed),
        ["local+screen-10"] = (s, seed, _) => new SurrogateScreening(new LocalSearch(s, seed), s, new MlpEnsemble(), 10, seed: seed),
        ["reinforce"] = (s, seed, _) => new ReinforceStrategy(s, seed),
        ["reinforce-paper"] = (s, seed, _) => new ReinforceStrategy(s, seed, new ReinforceOptions(LearningRate: 3.5e-4, EntropyWeight: 1e-4)),
    };

    public static void Run(int evaluations, int seeds, IReadOnlyList<string> spaces, IReadOnlyList<string> strategies, int[] marks)
    {
        Console.WriteLine($"regret benchmark: {evaluations} evaluations, seeds 1..{seeds}, noise 0.01; regret = 1 - true score of the best observed architecture");
        foreach (var spaceName in spaces)
        {
            var space = SyntheticSpaces.Create(spaceName);
            Console.WriteLine();
            Console.WriteLine($"### {spaceName}: {space.Decisions.Length} decisions, about 10^{space.Log10Size:F1} architectures");
            Console.WriteLine();
            Console.WriteLine("| strategy | " + string.Join(" | ", marks.Select(m => $"regret at {m}")) + " | " + string.Join(" | ", marks.Select(m => $"/ random at {m}")) + " | s |");
            Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---|", 2 * marks.Length + 1)));
            double[]? random = null;
            foreach (var name in strategies)
            {
                var clock = Stopwatch.StartNew();
                var curves = Enumerable.Range(1, seeds).Select(seed =>
                {
                    using var strategy = Strategies[name](space, seed, evaluations);
                    return RegretRun.Run(strategy, new SyntheticObjective(space, seed), evaluations, 1000 + seed);
                }).ToArray();
                var means = marks.Select(m => curves.Average(c => c[Math.Min(m, c.Length) - 1])).ToArray();
                var stds = marks.Select((m, k) => Math.Sqrt(curves.Sum(c => Math.Pow(c[Math.Min(m, c.Length) - 1] - means[k], 2)) / Math.Max(1, seeds - 1))).ToArray();
                random ??= name == "random" ? means : null;
                string ratios = string.Join(" | ", means.Select((m, k) => random is null ? "" : $"{m / random[k]:F2}"));
                Console.WriteLine($"| {name} | " + string.Join(" | ", means.Select((m, k) => $"{m:F3} ± {stds[k]:F3}")) + $" | {ratios} | {clock.Elapsed.TotalSeconds:F1} |");
            }
        }
    }
}
