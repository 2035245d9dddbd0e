using System.CommandLine;
using Nas.Cli.Options;
using Nas.Evaluation;
using Nas.Execution;
using Nas.Strategies;
using Nas.Torch.Runtime;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas worker</c>: trains the trials of an experiment that a search (<c>nas search --workers 0</c>, or any
/// search on the same store) proposes, on this machine, until the experiment is over. The training recipe,
/// data and network size come from the search's recorded command line, so every worker trains alike.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var storage = new StorageOptionSet();
        var dataDir = OptionFactory.OptionalText("--data-dir", "Where the data set's files are on this machine (default: the search's --data-dir)");
        var threads = OptionFactory.Create("--threads", "libtorch threads for this worker (0: all cores)", 0).AtLeast(0);
        var maxTrials = OptionFactory.Optional<int>("--max-trials", "Stop after this many trials (default: until the experiment is over)").AtLeast(1);
        var name = OptionFactory.OptionalText("--name", "This worker's name in the store (default host-pid-0)");
        var wait = OptionFactory.Create("--wait", "Seconds to wait for the experiment to appear, when workers start before the search", 60).AtLeast(0);
        var command = new Command("worker", "Train an experiment's queued trials on this machine until the experiment is over (see docs/distributed.md)");
        storage.AddTo(command);
        foreach (var o in new Option[] { dataDir, threads, maxTrials, name, wait }) command.Options.Add(o);
        command.SetAction((r, ct) => CommandRunner.RunAsync(async () =>
        {
            if (r.GetValue(storage.Storage) is null) throw new NasUserException("--storage: a worker needs the experiment's --storage (and --experiment for PostgreSQL)");
            var definition = new SearchDefinition((_, _, _) => Task.FromResult(0));
            var (store, recorded) = await WaitForExperimentAsync(r, storage, definition, TimeSpan.FromSeconds(r.GetValue(wait)), ct);
            using var owned = store;
            TorchRuntime.Initialize(r.GetValue(threads));
            var setup = SearchSetup.Build(definition, recorded, r.GetValue(dataDir));
            try
            {
                var worker = new TrialWorker(r.GetValue(name) ?? TrialWorker.DefaultName(), store, setup.Evaluator, definition.QueueSettings(recorded), setup.Pruner);
                System.Console.Out.WriteLine($"worker {worker.Name}: {store.Location}, {setup.Space.Name} space, {setup.Recipe.Epochs} epoch(s) per trial, {TorchSharp.torch.get_num_threads()} thread(s)");
                var clock = System.Diagnostics.Stopwatch.StartNew();
                await worker.RunAsync(new Log(), null, r.GetValue(maxTrials), ct);
                System.Console.Out.WriteLine($"worker {worker.Name}: {worker.Finished} trial(s) in {Console.Formats.Seconds(clock.Elapsed.TotalSeconds)}; " + (ct.IsCancellationRequested ? "stopped" : "the experiment is over"));
                return ct.IsCancellationRequested ? 130 : 0;
            }
            finally
            {
                (setup.Strategy as IDisposable)?.Dispose();
                setup.Prepared.Dispose();
            }
        }));
        return command;
    }

    /// <summary>
    /// Opens the experiment and reads its recorded command line, waiting up to <paramref name="patience"/> for a search
    /// that has not created it yet (a scheduler may start workers first); after that the error is the store's.
    /// </summary>
    private static async Task<(Nas.Store.SqlExperimentStore, System.CommandLine.ParseResult)> WaitForExperimentAsync(
        System.CommandLine.ParseResult r, StorageOptionSet storage, SearchDefinition definition, TimeSpan patience, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool said = false;
        while (true)
        {
            Nas.Store.SqlExperimentStore? store = null;
            try
            {
                store = storage.Open(r, null, create: false);
                if (store.LoadConfiguration() is not null) return (store, definition.Recorded(store));
                store.Dispose();
                store = null;
                if (clock.Elapsed >= patience) throw new NasUserException($"{storage.Location(r, null).Redacted}: the experiment has no recorded search after {patience.TotalSeconds:0} s (start nas search first, or raise --wait)");
            }
            catch (NasUserException) when (clock.Elapsed < patience) { store?.Dispose(); }
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
