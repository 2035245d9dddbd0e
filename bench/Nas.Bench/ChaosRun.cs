using System.Diagnostics;
using System.Globalization;
using Nas.Execution;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Bench;

/// <summary>
/// The crash-safety chaos test of issue #8: a coordinator (<c>nas search --workers 0</c>) and two
/// <c>nas worker</c>s run as child processes on tiny generated data while, at random moments, one of them is
/// SIGKILLed and restarted (the coordinator with <c>--resume</c>). After the last kill everything is kept
/// running until the search ends; then <see cref="ChaosCheck"/> reads the store and says whether any trial
/// was lost, duplicated, stranded or never told.
/// </summary>
internal sealed class ChaosRun
{
    private const int Epochs = 2, Workers = 2, Seed = 8;
    private const string Coordinator = "coordinator";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    private readonly string _nas, _root;
    private readonly string[] _fresh, _resume, _worker;
    private readonly Dictionary<string, LoggedProcess> _running = new();
    private readonly List<string> _log = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Random _random = new(Seed);
    private int _unexpectedExits;

    private ChaosRun(string nas, string root, string[] fresh, string[] resume, string[] worker)
    {
        _nas = nas;
        _root = root;
        _fresh = fresh;
        _resume = resume;
        _worker = worker;
    }

    /// <param name="storageUrl">Where the experiment lives (default: an SQLite file in the run's folder).</param>
    public static int Run(int kills, int trials, string? storageUrl, string strategy)
    {
        if (NasCli.Locate(out var error) is not { } nas)
        {
            Console.Error.WriteLine(error);
            return 2;
        }
        string root = Path.Combine(Path.GetTempPath(), $"nas-chaos-{DateTime.Now:yyyyMMdd-HHmmss}");
        string data = TinyIdxData.Write(Path.Combine(root, "data"), train: 400, test: 100);
        string output = Path.Combine(root, "out");
        var location = storageUrl is null ? StorageLocation.Sqlite(Path.Combine(output, "experiment.db")) : StorageLocation.Parse(storageUrl);
        string? experiment = location.IsPostgres ? $"chaos_{DateTime.UtcNow:yyyyMMdd_HHmmss}" : null;
        string[] storage = storageUrl is null ? [] : experiment is null ? ["--storage", storageUrl] : ["--storage", storageUrl, "--experiment", experiment];
        string[] fresh = ["search", strategy, "--data-dir", data, "--trials", Invariant(trials), "--epochs", Invariant(Epochs), "--subset", "200", "--validation", "100",
            "--workers", "0", "--threads", "1", "--lease", "6s", "--seed", "1", "--out", output, .. storage];
        string[] resume = ["resume", "--workers", "0", .. storageUrl is null ? [output] : storage];
        string[] worker = ["worker", .. storageUrl is null ? ["--storage", "sqlite:///" + location.SqlitePath] : storage, "--threads", "1"];

        Console.WriteLine($"chaos run: {kills} SIGKILLs, 1.5-6 s apart (seed {Seed}), of a coordinator and {Workers} workers; {trials} trials of {strategy} search, "
            + $"{Epochs} epochs on 200 tiny images each, lease 6s; store {location.Redacted}{(experiment is null ? "" : $" experiment {experiment}")}");
        Console.WriteLine($"  nas: {nas}");
        Console.WriteLine($"  logs and data: {root}");
        var run = new ChaosRun(nas, root, fresh, resume, worker);
        try
        {
            return run.Execute(kills, trials, location, experiment) ? 0 : 1;
        }
        finally
        {
            foreach (var p in run._running.Values) p.Dispose();
        }
    }

    private bool Execute(int kills, int trials, StorageLocation location, string? experiment)
    {
        Start(Coordinator, _fresh);
        using var monitor = WaitForConfiguration(location, experiment);
        if (monitor is null) return false;
        for (int w = 1; w <= Workers; w++) Start($"worker-{w}", _worker);

        int killed = 0;
        int? coordinatorExit = null;
        bool timedOut = false;
        var nextKill = _clock.Elapsed + Delay();
        while (coordinatorExit is null)
        {
            if (_clock.Elapsed > Timeout) { timedOut = true; break; }
            coordinatorExit = Reap(monitor);
            if (coordinatorExit is not null) break;
            if (killed < kills && _clock.Elapsed >= nextKill)
            {
                var alive = _running.Values.Where(p => !p.HasExited).ToList();
                if (alive.Count > 0)
                {
                    var victim = alive[_random.Next(alive.Count)];
                    string what = Holding(monitor, victim);
                    int pid = victim.Id;
                    victim.Kill();
                    double up = (DateTime.UtcNow - victim.StartedAt).TotalSeconds;
                    victim.Dispose();
                    var restarted = Start(victim.Role, victim.Role == Coordinator ? _resume : _worker);
                    killed++;
                    Note($"kill {killed,2}: {victim.Role} (pid {pid}, up {up:F1}s{what}); restarted as pid {restarted.Id}");
                }
                nextKill = _clock.Elapsed + Delay();
            }
            Thread.Sleep(100);
        }
        if (killed < kills && !timedOut) Note($"the search ended after {killed} of {kills} kills: raise the trial count for a harder test");
        if (timedOut) Note($"TIMEOUT: the search had not ended after {Timeout.TotalMinutes:F0} minutes");
        else Note($"coordinator exited with code {coordinatorExit}");
        // Workers notice the finished state at their next poll and exit by themselves; one that does not is a bug.
        int stuck = 0;
        foreach (var p in _running.Values.Where(p => p.Role != Coordinator))
        {
            if (timedOut) continue;
            if (p.WaitForExit(TimeSpan.FromSeconds(60))) Note($"{p.Role} (pid {p.Id}) exited with code {p.ExitCode}");
            else { p.Kill(); stuck++; Note($"{p.Role} (pid {p.Id}) still running 60 s after the search ended: killed"); }
        }
        double minutes = _clock.Elapsed.TotalMinutes;

        Console.WriteLine($"kill log ({minutes:F1} min in all):");
        foreach (var line in _log) Console.WriteLine("  " + line);
        Console.WriteLine($"processes that exited by themselves before the end: {_unexpectedExits}");
        // Information, not a check: the wording is the CLI's, but a resume that starts the strategy afresh would show here.
        var resumes = File.ReadLines(Path.Combine(_root, Coordinator + ".log")).Where(l => l.StartsWith("resuming ", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"coordinator resumes: {resumes.Count}, strategy state restored in {resumes.Count(l => l.Contains("strategy state restored", StringComparison.Ordinal))}");
        bool ok;
        using (var store = location.Open(experiment, create: false))
            ok = ChaosCheck.Run(store, trials, Epochs, timedOut ? null : coordinatorExit);
        if (stuck > 0) Console.WriteLine($"  [FAIL] {stuck} worker(s) did not exit once the search had finished");
        ok &= stuck == 0;
        Console.WriteLine(ok ? $"PASS: {killed} kills, no trial lost, duplicated, stranded or untold" : "FAIL");
        return ok;
    }

    private LoggedProcess Start(string role, string[] arguments)
    {
        var p = LoggedProcess.Start(role, _nas, arguments, Path.Combine(_root, role + ".log"));
        _running[role] = p;
        return p;
    }

    /// <summary>
    /// Restarts any child that exited by itself while the search is not finished (a crash of its own, or a
    /// worker started too early); returns the coordinator's exit code once it has exited with the search finished.
    /// </summary>
    private int? Reap(IExperimentStore monitor)
    {
        foreach (var p in _running.Values.Where(p => p.HasExited).ToList())
        {
            // Read the state after the exit: a worker leaves because it saw "finished".
            bool finished = State(monitor) == ExperimentState.Finished;
            if (finished && p.Role == Coordinator) return p.ExitCode;
            if (finished) continue;
            _unexpectedExits++;
            int pid = p.Id, code = p.ExitCode;
            p.Dispose();
            var restarted = Start(p.Role, p.Role == Coordinator ? _resume : _worker);
            Note($"{p.Role} (pid {pid}) exited by itself with code {code} (see {p.Role}.log); restarted as pid {restarted.Id}");
        }
        return null;
    }

    /// <summary>Waits for the coordinator to record its configuration (workers need it), then opens the store to watch it.</summary>
    private SqlExperimentStore? WaitForConfiguration(StorageLocation location, string? experiment)
    {
        while (_clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_running[Coordinator].HasExited)
            {
                Console.WriteLine($"FAIL: the coordinator exited with code {_running[Coordinator].ExitCode} before recording its configuration (see {Path.Combine(_root, Coordinator + ".log")})");
                return null;
            }
            SqlExperimentStore? store = null;
            try
            {
                store = location.Open(experiment, create: false);
                if (store.LoadConfiguration() is not null) return store;
            }
            catch (NasUserException) { /* not created yet */ }
            store?.Dispose();
            Thread.Sleep(250);
        }
        Console.WriteLine("FAIL: the coordinator recorded no configuration within 2 minutes");
        return null;
    }

    /// <summary>What the victim had in hand, for the kill log: a worker's trial, or the coordinator's view of the queue.</summary>
    private static string Holding(IExperimentStore monitor, LoggedProcess victim)
    {
        try
        {
            if (victim.Role == Coordinator)
            {
                var c = monitor.Counts();
                return $", queue {c.Total} trials: {c.Pending} pending, {c.Running} running, {c.Untold} untold";
            }
            string name = $"{Environment.MachineName}-{victim.Id}-0"; // TrialWorker.DefaultName in that process
            var held = monitor.Trials().FirstOrDefault(t => t.Status == TrialStatus.Running && t.Worker == name);
            return held is null ? ", no trial held" : $", holding trial {held.Id} attempt {held.Attempts} with {held.Epochs.Count}/{Epochs} epochs done";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $", store unreadable: {e.GetType().Name}";
        }
    }

    private static string? State(IExperimentStore monitor)
    {
        try { return monitor.GetValue(ExperimentState.Key); }
        catch (Exception e) when (e is not OutOfMemoryException) { return null; } // a busy moment; asked again at the next poll
    }

    private TimeSpan Delay() => TimeSpan.FromSeconds(1.5 + 4.5 * _random.NextDouble());

    private void Note(string line) => _log.Add($"t={_clock.Elapsed.TotalSeconds,6:F1}s  {line}");

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
