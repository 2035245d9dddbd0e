using System.Diagnostics;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Bench;

/// <summary>
/// Issue 20: every multi-trial strategy against random search on real data at one fixed low-fidelity trial budget.
/// Runs <c>nas search STRATEGY</c> for each seed (strategies in a rotating order, one process at a time) and reports,
/// per strategy, the best validation accuracy found and the mean over all its trials, mean ± std over the seeds.
/// </summary>
internal static class StrategyCompare
{
    public static int Run(string[] args)
    {
        string[] strategies = ["random", "evolution", "local", "tpe", "bananas"];
        int[] seeds = [1, 2, 3];
        int trials = 30;
        string outDir = Path.Combine(Path.GetTempPath(), "nas-strategy-compare");
        int dash = Array.IndexOf(args, "--");
        var extra = dash >= 0 ? args[(dash + 1)..] : [];
        if (!BenchOptions.Read("strategies", dash >= 0 ? args[..dash] : args, new Dictionary<string, Action<string>>
        {
            ["--strategies"] = v => strategies = v.Split(','),
            ["--seeds"] = v => seeds = v.Split(',').Select(BenchOptions.Int).ToArray(),
            ["--trials"] = v => trials = BenchOptions.Int(v),
            ["--out"] = v => outDir = v,
        })) return 2;
        if (NasCli.Locate(out string error) is not { } nas) { Console.Error.WriteLine(error); return 1; }
        string[] fidelity = ["--dataset", "fashion-mnist", "--epochs", "2", "--subset", "2000", "--validation", "2000", "--workers", "2"];
        // Flags after "--" replace the defaults of the same name (each default is a flag and its value).
        var defaults = Enumerable.Range(0, fidelity.Length / 2).Select(i => (Flag: fidelity[2 * i], Value: fidelity[2 * i + 1]))
            .Where(d => !extra.Contains(d.Flag)).SelectMany(d => new[] { d.Flag, d.Value });
        fidelity = [.. defaults, .. extra];
        Directory.CreateDirectory(outDir);
        Console.WriteLine($"strategies on Fashion-MNIST: {trials} trials each, {string.Join(" ", fidelity)}, seeds {string.Join(",", seeds)}");
        var best = strategies.ToDictionary(s => s, _ => new List<double>());
        var mean = strategies.ToDictionary(s => s, _ => new List<double>());
        var seconds = strategies.ToDictionary(s => s, _ => new List<double>());
        foreach (int seed in seeds)
        {
            // Rotate the order with the seed, so no strategy always runs first on a fresh machine.
            var order = strategies.Skip(seed % strategies.Length).Concat(strategies.Take(seed % strategies.Length));
            foreach (var strategy in order)
            {
                string dir = Path.Combine(outDir, $"{strategy}-{seed}");
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
                File.Delete(dir + ".log");
                var clock = Stopwatch.StartNew();
                using var process = LoggedProcess.Start(strategy, nas, ["search", strategy, "--trials", trials.ToString(), "--seed", seed.ToString(), "--out", dir, .. fidelity], dir + ".log");
                process.WaitForExit(TimeSpan.FromHours(2));
                if (process.ExitCode != 0) { Console.Error.WriteLine($"{strategy}, seed {seed}: nas exited {process.ExitCode} (see {dir}.log)"); return 1; }
                using var store = SqliteExperimentStore.OpenReadOnly(Path.Combine(dir, "experiment.db"));
                var accuracies = store.Trials().Where(t => t.Status == TrialStatus.Completed).Select(t => t.ValidationAccuracy!.Value).ToArray();
                best[strategy].Add(accuracies.Max());
                mean[strategy].Add(accuracies.Average());
                seconds[strategy].Add(clock.Elapsed.TotalSeconds);
                Console.WriteLine($"  {strategy}, seed {seed}: best {accuracies.Max():P2}, mean {accuracies.Average():P2} over {accuracies.Length} trials, {clock.Elapsed.TotalSeconds:F0} s");
            }
        }
        static string Summary(List<double> xs)
        {
            double m = xs.Average(), sd = xs.Count > 1 ? Math.Sqrt(xs.Sum(x => (x - m) * (x - m)) / (xs.Count - 1)) : 0;
            return $"{100 * m:F2} ± {100 * sd:F2}";
        }
        Console.WriteLine();
        Console.WriteLine("| strategy | best validation accuracy (%) | mean over its trials (%) | minutes per search |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var s in strategies)
            Console.WriteLine($"| {s} | {Summary(best[s])} | {Summary(mean[s])} | {seconds[s].Average() / 60:F1} |");
        return 0;
    }
}
