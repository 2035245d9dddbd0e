using System.Collections.Concurrent;
using System.Diagnostics;
using Nas.Evaluation;
using Nas.Spaces.Macro;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Bench;

/// <summary>
/// How fast the trial queue hands out work: <c>claimers</c> threads, each with its own store (its own
/// connection, as separate worker processes would have), claim and finish trials until none is left, on SQLite
/// and on PostgreSQL side by side. Nothing is trained, so this is the queue's own ceiling; it also checks that
/// no trial was handed out twice.
/// </summary>
internal static class ClaimBenchmark
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <param name="postgresUrl">A PostgreSQL server to compare with (else NAS_TEST_POSTGRES, else SQLite alone).</param>
    public static int Run(int claimers, int trials, string? postgresUrl)
    {
        postgresUrl ??= Environment.GetEnvironmentVariable("NAS_TEST_POSTGRES") is { Length: > 0 } env ? env : null;
        Console.WriteLine($"claim benchmark: {trials} trials enqueued, then {claimers} claimer threads (one store and connection each) claim and finish them until none is left");
        string sqlitePath = Path.Combine(Path.GetTempPath(), $"nas-claims-{DateTime.Now:yyyyMMdd-HHmmss}.db");
        var results = new List<Result> { Measure("sqlite", StorageLocation.Sqlite(sqlitePath), null, claimers, trials) };
        if (postgresUrl is not null)
            results.Add(Measure("postgresql", StorageLocation.Parse(postgresUrl), $"claims_{DateTime.UtcNow:yyyyMMdd_HHmmss}", claimers, trials));
        else Console.WriteLine("  (no PostgreSQL: pass a postgresql:// URL or set NAS_TEST_POSTGRES to compare)");

        Console.WriteLine($"{"backend",-11} {"claimers",8} {"trials",7} {"enqueue/s",10} {"seconds",8} {"claims/s",9} {"per claimer (min-max)",22}  claimed twice?");
        foreach (var r in results)
            Console.WriteLine($"{r.Backend,-11} {claimers,8} {trials,7} {trials / r.EnqueueSeconds,10:F0} {r.Seconds,8:F2} {r.Claims / r.Seconds,9:F0} {$"{r.MinPerClaimer}-{r.MaxPerClaimer}",22}  {r.Check}");
        if (results.Count == 2)
            Console.WriteLine($"postgresql/sqlite claims/s: {results[1].Claims / results[1].Seconds / (results[0].Claims / results[0].Seconds):F2}");
        File.Delete(sqlitePath);
        return results.All(r => r.Ok) ? 0 : 1;
    }

    private sealed record Result(string Backend, double EnqueueSeconds, double Seconds, int Claims, int MinPerClaimer, int MaxPerClaimer, bool Ok, string Check);

    private static Result Measure(string backend, StorageLocation location, string? experiment, int claimers, int trials)
    {
        var space = MacroSpace.Create();
        var enqueueClock = Stopwatch.StartNew();
        using (var store = location.Open(experiment, create: true))
            for (int i = 0; i < trials; i++)
                store.Enqueue(new Proposal(i, ArchitectureSampler.Sample(space, new Random(i))), seed: i);
        double enqueueSeconds = enqueueClock.Elapsed.TotalSeconds;
        Console.WriteLine($"  {backend}: {location.Redacted}{(experiment is null ? "" : $" experiment {experiment}")}: enqueued {trials} in {enqueueSeconds:F2}s");

        // Connections are opened before the clock starts: the figure is claims, not connection set-up.
        var stores = Enumerable.Range(0, claimers).Select(_ => location.Open(experiment, create: false)).ToList();
        var claimed = new ConcurrentBag<long>();
        var perClaimer = new int[claimers];
        var errors = new ConcurrentBag<string>();
        using var go = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, claimers).Select(k => new Thread(() =>
        {
            string worker = $"claimer-{k}";
            go.Wait();
            try
            {
                while (stores[k].Claim(worker, Lease, maxAttempts: 3) is { } trial)
                {
                    claimed.Add(trial.TrialId);
                    // Some fail, as real trials do; the queue treats every outcome alike.
                    var outcome = trial.TrialId % 10 == 0 ? TrialOutcome.Failed("x") : TrialOutcome.Completed(new TrialMetrics(0.5, 1.0, 0, 0, 0, []));
                    if (!stores[k].Finish(trial.TrialId, worker, outcome)) errors.Add($"{worker} could not finish trial {trial.TrialId} it had just claimed");
                    perClaimer[k]++;
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                errors.Add($"{worker}: {e.GetType().Name}: {e.Message}"); // a busy timeout, a lost connection: reported, not hidden
            }
        })).ToList();
        foreach (var t in threads) t.Start();
        var clock = Stopwatch.StartNew();
        go.Set();
        foreach (var t in threads) t.Join();
        double seconds = clock.Elapsed.TotalSeconds;
        foreach (var s in stores) s.Dispose();

        // Twice would show as a repeated id in the claims, or as a row claimed more than once.
        using var check = location.Open(experiment, create: false);
        var rows = check.Trials();
        var counts = check.Counts();
        int distinct = claimed.Distinct().Count();
        int maxAttempts = rows.Count == 0 ? 0 : rows.Max(r => r.Attempts);
        foreach (var e in errors) Console.WriteLine($"  {backend}: error: {e}");
        bool ok = errors.IsEmpty && claimed.Count == trials && distinct == trials && maxAttempts == 1 && counts.Pending == 0 && counts.Running == 0;
        string verdict = ok ? "no (ok)" : "YES (FAIL)";
        Console.WriteLine($"  {backend}: {claimed.Count} claims, {distinct} distinct trials, most claims of one row {maxAttempts}, "
            + $"{counts.Pending} pending and {counts.Running} running afterwards: claimed twice? {verdict}");
        return new Result(backend, enqueueSeconds, seconds, claimed.Count, perClaimer.Min(), perClaimer.Max(), ok, verdict);
    }
}
