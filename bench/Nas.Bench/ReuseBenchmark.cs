using System.Diagnostics;
using System.Text.Json.Nodes;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Bench;

/// <summary>
/// Issue 20: parameter reuse at equal compute. For each seed, evolution searches for the same wall time with every child
/// trained from scratch and with <c>--inherit-weights</c> (children of a kept trial start from its weights and train
/// half the epochs); then each search's best architecture is retrained from scratch with one recipe and measured on the
/// test set. A search score of an inheriting child includes its ancestors' training, so only the retrained test
/// accuracy compares the architectures found.
/// </summary>
internal static class ReuseBenchmark
{
    public static int Run(string[] args)
    {
        int[] seeds = [1, 2, 3];
        string budget = "4m";
        int retrainEpochs = 2;
        string outDir = Path.Combine(Path.GetTempPath(), "nas-reuse");
        int dash = Array.IndexOf(args, "--");
        var extra = dash >= 0 ? args[(dash + 1)..] : [];
        if (!BenchOptions.Read("reuse", dash >= 0 ? args[..dash] : args, new Dictionary<string, Action<string>>
        {
            ["--seeds"] = v => seeds = v.Split(',').Select(BenchOptions.Int).ToArray(),
            ["--budget"] = v => budget = v,
            ["--retrain-epochs"] = v => retrainEpochs = BenchOptions.Int(v),
            ["--out"] = v => outDir = v,
        })) return 2;
        if (NasCli.Locate(out string error) is not { } nas) { Console.Error.WriteLine(error); return 1; }
        string[] search = ["--dataset", "fashion-mnist", "--epochs", "2", "--subset", "2000", "--validation", "2000", "--workers", "2",
            "--population", "10", "--tournament", "3", "--time-budget", budget, .. extra];
        (string Name, string[] Flags)[] arms = [("scratch", []), ("inherit", ["--inherit-weights"])];
        Directory.CreateDirectory(outDir);
        Console.WriteLine($"parameter reuse at equal wall time: evolution, {string.Join(" ", search)}; best retrained {retrainEpochs} epochs on all 60,000 images; seeds {string.Join(",", seeds)}");
        var results = arms.ToDictionary(a => a.Name, _ => new List<(int Trials, int Inherited, double Best, double Test)>());
        foreach (int seed in seeds)
            foreach (var (name, flags) in seed % 2 == 0 ? arms.Reverse() : arms) // alternate which runs first
            {
                string dir = Path.Combine(outDir, $"{name}-{seed}");
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
                if (!Run(nas, $"{name}-{seed}", ["search", "evolution", "--seed", seed.ToString(), "--out", dir, .. search, .. flags], dir + ".log")) return 1;
                int trials, inherited;
                double best;
                using (var store = SqliteExperimentStore.OpenReadOnly(Path.Combine(dir, "experiment.db")))
                {
                    var done = store.Trials().Where(t => t.Status == TrialStatus.Completed).ToArray();
                    (trials, inherited, best) = (done.Length, done.Count(t => t.Epochs.Count == 1), done.Max(t => t.ValidationAccuracy!.Value));
                }
                string final = Path.Combine(dir, "final");
                if (!Run(nas, $"{name}-{seed} retrain", ["train", "--arch", Path.Combine(dir, "best.json"), "--dataset", "fashion-mnist", "--epochs", retrainEpochs.ToString(),
                    "--seed", seed.ToString(), "--out", final], final + ".log")) return 1;
                double test = JsonNode.Parse(File.ReadAllText(Path.Combine(final, "result.json")))!["test_accuracy"]!.GetValue<double>();
                results[name].Add((trials, inherited, best, test));
                Console.WriteLine($"  {name}, seed {seed}: {trials} trials ({inherited} inherited), best search score {best:P2}, retrained test {test:P2}");
            }
        static string Summary(IEnumerable<double> values)
        {
            var xs = values.ToArray();
            double m = xs.Average(), sd = xs.Length > 1 ? Math.Sqrt(xs.Sum(x => (x - m) * (x - m)) / (xs.Length - 1)) : 0;
            return $"{100 * m:F2} ± {100 * sd:F2}";
        }
        Console.WriteLine();
        Console.WriteLine("| arm | trials | inherited | best search score (%) | best retrained, test (%) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, _) in arms)
        {
            var r = results[name];
            Console.WriteLine($"| {name} | {r.Average(x => x.Trials):F1} | {r.Average(x => x.Inherited):F1} | {Summary(r.Select(x => x.Best))} | {Summary(r.Select(x => x.Test))} |");
        }
        return 0;
    }

    private static bool Run(string nas, string label, string[] arguments, string log)
    {
        using var process = LoggedProcess.Start(label, nas, arguments, log);
        process.WaitForExit(TimeSpan.FromHours(2));
        if (process.ExitCode == 0) return true;
        Console.Error.WriteLine($"{label}: nas exited {process.ExitCode} (see {log})");
        return false;
    }
}
