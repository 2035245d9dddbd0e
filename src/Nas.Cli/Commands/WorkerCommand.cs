using System.CommandLine;
using Nas.Cli.Options;
using Nas.Evaluation;
using Nas.Execution;
using Nas.Search;
using Nas.Store;
using Nas.Strategies;
using Nas.Torch.Runtime;
using Nas.Torch.Search;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas worker</c>: trains the trials of an experiment that a search (<c>nas search METHOD --workers 0</c>, or any
/// multi-trial search on the same store) proposes, on this machine, until the experiment is over. The training recipe,
/// data and network size come from the search's recorded request, so every worker trains alike.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(SearchCatalog catalog)
    {
        var storage = new StorageOptionSet();
        var dataDir = new Option<string?>("--data-dir") { Description = "where the data set's files are on this machine (default: the search's)" };
        var threads = new Option<int>("--threads") { Description = "libtorch threads for this worker (0: all cores)", DefaultValueFactory = _ => 0 };
        var maxTrials = new Option<int?>("--max-trials") { Description = "stop after this many trials (default: until the experiment is over)" };
        var name = new Option<string?>("--name") { Description = "this worker's name in the store (default host-pid-0)" };
        var wait = new Option<int>("--wait") { Description = "seconds to wait for the experiment to appear, when workers start before the search", DefaultValueFactory = _ => 60 };
        var command = new Command("worker", "Train an experiment's queued trials on this machine until the experiment is over (see docs/distributed.md)");
        storage.AddTo(command);
        foreach (var o in new Option[] { dataDir, threads, maxTrials, name, wait }) command.Options.Add(o);
        // The worker's one setting flag is --data-dir; the others are the recorded search's.
        string FlagOf(string path) => path == "data.directory" ? "--data-dir" : $"the recorded {path}";
        command.SetAction((r, ct) => CommandRunner.RunAsync(async () =>
        {
            if (r.GetValue(storage.Storage) is null) throw new NasUserException("--storage: a worker needs the experiment's --storage (and --experiment for PostgreSQL)");
            if (r.GetValue(threads) < 0) throw new NasUserException($"--threads must be zero or more, got {r.GetValue(threads)}");
            if (r.GetValue(maxTrials) is < 1) throw new NasUserException($"--max-trials must be at least 1, got {r.GetValue(maxTrials)}");
            if (r.GetValue(wait) < 0) throw new NasUserException($"--wait must be zero or more, got {r.GetValue(wait)}");
            var (store, request) = await WaitForExperimentAsync(r, storage, TimeSpan.FromSeconds(r.GetValue(wait)), ct);
            using var owned = store;
            if (r.GetValue(dataDir) is { } dir) request = request.With("data.directory", dir);
            TorchRuntime.Initialize(r.GetValue(threads));
            using var search = catalog.Create(request);
            if (search is not TrialSearch trials)
                throw new NasUserException($"{store.Location} holds a {request.Method} search, which trains one network itself: it has no trials for workers");
            var worker = trials.CreateWorker(r.GetValue(name) ?? TrialWorker.DefaultName(), store, alone: true); // one worker per process
            System.Console.Out.WriteLine($"worker {worker.Name}: {store.Location}, {search.Space.Name} space, {search.Configuration["settings"]?["training"]?["epochs"]} epoch(s) per trial, {TorchRuntime.Threads} thread(s)");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await worker.RunAsync(new Log(), null, r.GetValue(maxTrials), ct);
            System.Console.Out.WriteLine($"worker {worker.Name}: {worker.Finished} trial(s) in {Console.Formats.Seconds(clock.Elapsed.TotalSeconds)}; " + (ct.IsCancellationRequested ? "stopped" : "the experiment is over"));
            return ct.IsCancellationRequested ? 130 : 0;
        }, FlagOf));
        return command;
    }

    /// <summary>
    /// Opens the experiment and reads its recorded request, waiting up to <paramref name="patience"/> for a search
    /// that has not created it yet (a scheduler may start workers first); after that the error is the store's.
    /// </summary>
    private static async Task<(SqlExperimentStore, SearchRequest)> WaitForExperimentAsync(ParseResult r, StorageOptionSet storage, TimeSpan patience, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool said = false;
        while (true)
        {
            SqlExperimentStore? store = null;
            try
            {
                store = storage.Open(r, null, create: false);
                if (store.LoadConfiguration() is not null) return (store, SearchRunner.Recorded(store));
                store.Dispose();
                store = null;
                if (clock.Elapsed >= patience) throw new NasUserException($"{storage.Location(r, null).Redacted}: the experiment has no recorded search after {patience.TotalSeconds:0} s (start nas search first, or raise --wait)");
            }
            catch (NasUserException e) when (e is not StorageLocationException && clock.Elapsed < patience) { store?.Dispose(); } // a bad URL or name never gets better
            catch { store?.Dispose(); throw; }
            if (!said) System.Console.Out.WriteLine($"waiting up to {patience.TotalSeconds:0} s for the search to create the experiment");
            said = true;
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>One line per trial and epoch: workers run under schedulers, into log files.</summary>
    private sealed class Log : IExperimentObserver
    {
        public void TrialStarted(long trialId, Proposal proposal) => System.Console.Out.WriteLine($"trial {trialId}: {Console.ArchitectureText.Short(proposal.Architecture)}");

        public IProgress<TrainingProgress>? ProgressFor(long trialId) => new EpochLines(trialId);

        private sealed class EpochLines(long trialId) : IProgress<TrainingProgress>
        {
            public void Report(TrainingProgress p)
            {
                if (p.FinishedEpoch is { } e)
                    System.Console.Out.WriteLine($"trial {trialId}: epoch {e.Epoch}/{p.Epochs}, validation accuracy {Console.Formats.Percent(e.ValidationAccuracy)}, {e.ImagesPerSecond:0} img/s");
            }
        }
    }
}
