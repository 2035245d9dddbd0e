using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Nas.Bench;

/// <summary>
/// Issue 18's honest comparison at equal wall time: for each seed, <c>nas auto</c> (screening and successive halving),
/// the hand-designed baseline trained with the same final recipe for the whole budget (<c>--search none</c>) and the
/// same pipeline with plain random search (<c>--search random</c>), each a fresh <c>nas</c> process run alone, in an
/// order that rotates with the seed. Prints every run and the mean ± std per arm as markdown.
/// </summary>
internal static class AutoCompare
{
    public static int Run(string[] args)
    {
        string budget = Option(args, "--budget") ?? "15m";
        var seeds = (Option(args, "--seeds") ?? "1").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var arms = (Option(args, "--arms") ?? "halving,none,random").Split(',');
        string root = Option(args, "--out") ?? Path.Combine(Path.GetTempPath(), $"nas-autocompare-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        var extra = args.SkipWhile(a => a != "--").Skip(1).ToArray();
        var nas = NasCli.Locate(out var error);
        if (nas is null) { Console.Error.WriteLine(error); return 1; }
        Directory.CreateDirectory(root);
        Console.WriteLine($"autocompare: budget {budget}, seeds {string.Join(",", seeds)}, arms {string.Join(",", arms)}, {Environment.ProcessorCount} cores, runs in {root}");
        var rows = new List<(string Arm, int Seed, double Test, long Params, double Wall, string Architecture)>();
        for (int i = 0; i < seeds.Length; i++)
        {
            var order = arms.Skip(i % arms.Length).Concat(arms.Take(i % arms.Length));
            foreach (var arm in order)
            {
                string dir = Path.Combine(root, $"{arm}-seed{seeds[i]}");
                string[] command = ["auto", "--time-budget", budget, "--seed", seeds[i].ToString(CultureInfo.InvariantCulture), "--search", arm, "--out", dir, .. extra];
                var clock = Stopwatch.StartNew();
                var run = LoggedProcess.Start(arm, nas, command, Path.Combine(root, $"{arm}-seed{seeds[i]}.log"));
                run.WaitForExit(TimeSpan.FromDays(1));
                double wall = clock.Elapsed.TotalSeconds;
                var resultPath = Path.Combine(dir, "result.json");
                if (run.ExitCode != 0 || !File.Exists(resultPath))
                {
                    Console.WriteLine($"  {arm} seed {seeds[i]}: exit {run.ExitCode}, no result (see {root}/{arm}-seed{seeds[i]}.log)");
                    continue;
                }
                var result = JsonNode.Parse(File.ReadAllText(resultPath))!;
                var architecture = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "best.json")))!["values"]!.ToJsonString();
                rows.Add((arm, seeds[i], result["test_accuracy"]!.GetValue<double>(), result["parameters"]!.GetValue<long>(), wall, architecture));
                Console.WriteLine($"  {arm} seed {seeds[i]}: test {100 * rows[^1].Test:F2}%, {rows[^1].Params:N0} params, wall {wall:F0} s");
            }
        }
        Console.WriteLine();
        Console.WriteLine("| arm | seed | test accuracy | parameters | wall (s) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var r in rows) Console.WriteLine(FormattableString.Invariant($"| {r.Arm} | {r.Seed} | {100 * r.Test:F2}% | {r.Params:N0} | {r.Wall:F0} |"));
        Console.WriteLine();
        Console.WriteLine("| arm | runs | mean test accuracy | std | mean wall (s) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var arm in arms)
        {
            var of = rows.Where(r => r.Arm == arm).ToList();
            if (of.Count == 0) continue;
            double mean = of.Average(r => r.Test), std = of.Count > 1 ? Math.Sqrt(of.Sum(r => (r.Test - mean) * (r.Test - mean)) / (of.Count - 1)) : double.NaN;
            Console.WriteLine(FormattableString.Invariant($"| {arm} | {of.Count} | {100 * mean:F2}% | {(double.IsNaN(std) ? "-" : $"{100 * std:F2}")} | {of.Average(r => r.Wall):F0} |"));
        }
        return rows.Count == seeds.Length * arms.Length ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
