using System.Diagnostics;
using System.Globalization;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Bench;

/// <summary>
/// Children per hour of one small local search (<c>nas search</c> on tiny generated data) with one in-process
/// worker and then two, each as a child process timed from start to exit (so process start and data loading
/// count, as they do for a user). With two workers each gets half the cores; with one it gets them all.
/// </summary>
internal static class WorkerThroughput
{
    public static int Run(int trials)
    {
        if (NasCli.Locate(out var error) is not { } nas)
        {
            Console.Error.WriteLine(error);
            return 2;
        }
        string root = Path.Combine(Path.GetTempPath(), $"nas-workers-{DateTime.Now:yyyyMMdd-HHmmss}");
        string data = TinyIdxData.Write(Path.Combine(root, "data"), train: 600, test: 100);
        Console.WriteLine($"worker throughput: nas search, {trials} trials of random search, 2 epochs on 400 tiny images, 100 validation, seed 1, {Environment.ProcessorCount} cores; logs in {root}");
        var perHour = new Dictionary<int, double>();
        foreach (int workers in new[] { 1, 2 })
        {
            string output = Path.Combine(root, $"workers-{workers}");
            string[] arguments = ["search", "random", "--data-dir", data, "--trials", Invariant(trials), "--epochs", "2", "--subset", "400", "--validation", "100",
                "--out", output, "--seed", "1", "--workers", Invariant(workers)];
            string log = Path.Combine(root, $"workers-{workers}.log");
            var clock = Stopwatch.StartNew();
            using (var p = LoggedProcess.Start($"workers-{workers}", nas, arguments, log))
            {
                p.WaitForExit(TimeSpan.FromMinutes(30));
                if (!p.HasExited || p.ExitCode != 0)
                {
                    Console.WriteLine($"  --workers {workers}: FAIL: {(p.HasExited ? $"exit code {p.ExitCode}" : "still running after 30 minutes")} (see {log})");
                    return 1;
                }
            }
            double seconds = clock.Elapsed.TotalSeconds;
            int finished;
            using (var store = SqliteExperimentStore.Open(Path.Combine(output, "experiment.db"), create: false))
                finished = store.Trials().Count(t => t.Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned);
            perHour[workers] = finished / seconds * 3600;
            // The search's own closing line ("N completed, M failed in m:ss") leaves out process start.
            string summary = File.ReadLines(log).LastOrDefault(l => l.Contains(" completed, ", StringComparison.Ordinal)) ?? "(no summary line)";
            Console.WriteLine($"  --workers {workers}: {finished} children in {seconds:F1}s wall = {perHour[workers]:F0} children/hour   (search says: {summary.Trim()})");
        }
        Console.WriteLine($"children/hour: 1 worker {perHour[1]:F0}, 2 workers {perHour[2]:F0}, ratio 2/1 {perHour[2] / perHour[1]:F2}");
        return 0;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
