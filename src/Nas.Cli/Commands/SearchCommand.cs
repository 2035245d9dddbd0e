using System.CommandLine;
using System.Text.Json;
using Nas.Cli.Console;
using Nas.Cli.Options;
using Nas.Evaluation;
using Nas.Execution;
using Nas.Reporting;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Store;
using Nas.Strategies;
using Nas.Torch.Data;
using Nas.Torch.Evaluation;
using Nas.Torch.Networks.Cells;
using Nas.Torch.Runtime;
using Spectre.Console;
using System.CommandLine.Parsing;
using Nas.Execution.Pruning;

namespace Nas.Cli.Commands;

/// <summary><c>nas search</c>: runs a strategy over a space, records every trial, writes best.json.</summary>
internal static class SearchCommand
{
    public static Command Create() => new SearchDefinition(Run).Command;

    private static async Task<int> Run(SearchDefinition d, ParseResult r, CancellationToken ct)
    {
        if (r.GetValue(d.Resume)) return await ResumeAsync(d, r, ct);
        bool storageGiven = r.GetValue(d.Storage.Storage) is not null || r.GetValue(d.Storage.Experiment) is not null;
        string? other = LanguageSearch.Applies(r.GetValue(d.Space)!, r.GetValue(d.Data.Dataset)!) ? "language-model"
            : OneShotSearch.Handles(d.Strategies.Name(r)) ? "one-shot" : d.Strategies.Name(r) == EnasSearch.StrategyName ? "ENAS" : null;
        if (other is not null && (storageGiven || r.GetValue(d.Workers) == 0 || r.GetValue(d.Pruning.Pruner) != "none"))
            throw new NasUserException($"--storage, --experiment, --workers 0 and --pruner are for multi-trial image searches, not {other} searches");
        if (LanguageSearch.Applies(r.GetValue(d.Space)!, r.GetValue(d.Data.Dataset)!))
            return await LanguageSearch.RunAsync(r, new(d.Space, d.Strategies, d.Trials, d.TimeBudget, d.Subset, d.Validation, d.Output, d.Data, d.Training, d.Language), ct);
        if (OneShotSearch.Handles(d.Strategies.Name(r)))
            return await OneShotSearch.RunAsync(r, new(d.Space, d.Strategies, d.Subset, d.Validation, d.Layers, d.Output, d.Data, d.Training, d.Network), d.OneShot, ct);
        if (d.Strategies.Name(r) == EnasSearch.StrategyName)
            return EnasSearch.Run(r, new(d.Space, d.Subset, d.Validation, d.Layers, d.PoolAfter, d.Output, d.Data, d.Training), d.Enas, ParseList, ct);
        return await MultiTrialAsync(d, r, r, null, ct);
    }

    /// <summary><c>--resume</c>: the recorded command line, re-parsed, continues in the same store.</summary>
    private static async Task<int> ResumeAsync(SearchDefinition d, ParseResult r, CancellationToken ct)
    {
        var store = d.Storage.Open(r, r.GetValue(d.Output), create: false);
        try
        {
            var recorded = d.Recorded(store);
            return await MultiTrialAsync(d, recorded, r, store, ct);
        }
        finally { store.Dispose(); }
    }

    /// <param name="r">The search's options (recorded ones when resuming).</param>
    /// <param name="now">This invocation's options: --workers and --threads may change on resume.</param>
    /// <param name="resumed">The open store of the experiment being resumed, or null for a new one.</param>
    private static async Task<int> MultiTrialAsync(SearchDefinition d, ParseResult r, ParseResult now, SqlExperimentStore? resumed, CancellationToken ct)
    {
        TimeSpan? duration = null;
        if (r.GetValue(d.TimeBudget) is { } text)
        {
            if (!DurationParser.TryParse(text, out var dur)) throw new NasUserException($"--time-budget: '{text}' is not a duration (examples: 90s, 30m, 1h30m)");
            duration = dur;
        }
        var budget = new Budget(r.GetValue(d.Trials) ?? (duration is null ? 20 : null), duration);
        budget.Validate();
        int workerCount = now.GetResult(d.Workers) is { Implicit: false } ? now.GetValue(d.Workers) : r.GetValue(d.Workers);
        int? threadsGiven = now.GetValue(d.Training.Threads) is > 0 and var given ? given : r.GetValue(d.Training.Threads) is > 0 and var rec ? rec : null;
        // Each worker gets its share of the cores, so W children share them instead of fighting over them.
        int threads = threadsGiven ?? Math.Max(1, Environment.ProcessorCount / Math.Max(1, workerCount));
        TorchRuntime.Initialize(workerCount > 1 || threadsGiven is not null ? threads : 0);

        var outDir = r.GetValue(d.Output) ?? Path.Combine("runs", $"{r.GetValue(d.Space)}-{d.Strategies.Name(r)}-{DateTime.Now:yyyyMMdd-HHmmss}");
        var store = resumed ?? d.Storage.Open(r, outDir, create: true);
        SearchSetup? setup = null;
        try
        {
            if (resumed is null && store.Counts().Total > 0)
                throw new NasUserException($"{store.Location} already holds an experiment; choose another --out or --experiment, or continue it with --resume (nothing was changed)");
            setup = SearchSetup.Build(d, r, dataDirectory: null);
            if (resumed is null)
            {
                store.SaveConfiguration(setup.ConfigurationJson(d, r, d.Storage.Location(r, outDir), r.GetValue(d.Storage.Experiment), workerCount));
            }
            else
            {
                int back = LocalWorkers.RequeueDead(store);
                bool restored = Coordinator.Restore(setup.Strategy, store);
                var c = store.Counts();
                System.Console.Out.WriteLine($"resuming {store.Location}: {c.Total} trials so far ({c.Total - c.Untold} told, {c.Pending + back} waiting{(back > 0 ? $", {back} taken back from a stopped search" : "")}), strategy state {(restored ? "restored" : "fresh (none saved)")}");
            }
            return await RunLoopAsync(d, r, setup, store, budget, workerCount, outDir, ct);
        }
        finally
        {
            if (resumed is null) store.Dispose();
            (setup?.Strategy as IDisposable)?.Dispose();
            setup?.Prepared.Dispose();
        }
    }

    private static async Task<int> RunLoopAsync(SearchDefinition d, ParseResult r, SearchSetup setup, SqlExperimentStore store, Budget budget, int workerCount, string outDir, CancellationToken ct)
    {
        var recipe = setup.Recipe;
        var queue = d.QueueSettings(r);
        System.Console.Out.WriteLine($"search: {setup.Space}, strategy {setup.StrategyName}, {setup.Prepared.Train.Count} training / {setup.Prepared.Validation.Count} validation examples of {setup.Prepared.Train.Name}, {recipe.Epochs} epoch(s) per child"
            + (setup.Pruner is NoPruner ? "" : $", pruner {setup.Pruner.Name}") + $", store {store.Location}");
        if (setup.Strategy is RegularizedEvolution evolution && budget.MaxTrials is { } n && n <= evolution.Options.PopulationSize)
            System.Console.Error.WriteLine($"warning: --trials {n} does not exceed --population {evolution.Options.PopulationSize}: every trial is a random member of the starting population and nothing evolves (try --population {Math.Max(2, n / 4)} --tournament {Math.Max(1, n / 16)})");
        if (workerCount == 0)
            System.Console.Out.WriteLine($"coordinator only: start workers with ./nas worker --storage {d.Storage.Location(r, outDir).Redacted}"
                + (r.GetValue(d.Storage.Experiment) is { } name ? $" --experiment {name}" : ""));
        var summary = await ProgressSink.RunAsync($"search ({budget.MaxTrials?.ToString() ?? "?"} trials)", budget.MaxTrials ?? 1, async sink =>
        {
            using var journal = new StrategyJournal(setup.Strategy, store, new SearchObserver(sink, budget, recipe.Epochs));
            if (workerCount == 0)
                return await new Coordinator(setup.Strategy, store, recipe.Seed, queue) { Pending = r.GetValue(d.Pending) }.RunAsync(budget, journal, null, ct);
            var loop = new ExperimentLoop(setup.Strategy, setup.Evaluator, store, recipe.Seed, workerCount) { Queue = queue, Pruner = setup.Pruner };
            return await loop.RunAsync(budget, journal, ct);
        });

        var records = store.Trials();
        var best = TrialTable.Best(records);
        TrialTable.Print(records, best?.Id);
        if (best is null)
        {
            System.Console.Error.WriteLine("error: no trial completed, so there is no best architecture" + (summary.Cancelled ? " (search cancelled)" : ""));
            return 1;
        }
        Directory.CreateDirectory(outDir);
        var bestPath = Path.Combine(outDir, "best.json");
        var bestArchitecture = Architectures.Architecture.FromJson(best.ArchitectureJson);
        File.WriteAllText(bestPath, bestArchitecture.ToJson());
        if (setup.Cells)
        {
            var picture = Path.Combine(outDir, "best.svg");
            File.WriteAllText(picture, CellDiagram.ToSvg(CellSpace.ToGenotype(bestArchitecture)));
            System.Console.Out.WriteLine($"wrote the best cells' picture to {picture}");
        }
        System.Console.Out.WriteLine($"{summary.Completed} completed, {summary.Failed} failed"
            + (summary.Pruned > 0 ? $", {summary.Pruned} pruned" : "")
            + (summary.Interrupted > 0 ? $", {summary.Interrupted} left in the queue (continue with --resume)" : "")
            + $"{(summary.Cancelled ? ", cancelled" : "")} in {Formats.Seconds(summary.Elapsed.TotalSeconds)}");
        System.Console.Out.WriteLine($"best: trial {best.Id}, validation accuracy {Formats.Percent(best.ValidationAccuracy)} (search accuracy, not test accuracy), {Formats.Count(best.Parameters)} parameters");
        System.Console.Out.WriteLine($"wrote {bestPath}; experiment in {store.Location}");
        System.Console.Out.WriteLine($"next: ./nas train --arch {bestPath} --dataset {r.GetValue(d.Data.Dataset)} --epochs 20 --out {Path.Combine(outDir, "final")}"
            + (setup.Cells ? " --init-channels 16 --layers 8 --cutout 16 --auxiliary-weight 0.4 --drop-path 0.2" : ""));
        return summary.Cancelled ? 130 : 0;
    }

    internal static SearchSpace CreateSpace(string name, int layers, int[]? poolAfter, bool strides)
    {
        if (name.Equals(MacroSpace.Name, StringComparison.OrdinalIgnoreCase))
            return MacroSpace.Create(new MacroSpaceOptions(layers, PoolAfter: poolAfter, SearchStrides: strides));
        return SpaceCatalog.Default.Create(name, JsonDocument.Parse("{}").RootElement);
    }

    internal static int[]? ParseList(string? text, string option)
    {
        if (text is null) return null;
        try { return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray(); }
        catch (FormatException) { throw new NasUserException($"{option}: '{text}' is not a comma-separated list of integers"); }
    }

    /// <summary>Shows trials and epochs as they go, on bars or as log lines.</summary>
    private sealed class SearchObserver : IExperimentObserver
    {
        private readonly ProgressSink _sink;
        private readonly Budget _budget;
        private readonly int _epochs;
        private int _finished;
        private double _best = double.NaN;

        public SearchObserver(ProgressSink sink, Budget budget, int epochs)
        {
            _sink = sink;
            _budget = budget;
            _epochs = epochs;
        }

        private string Of => _budget.MaxTrials is { } n ? $"/{n}" : "";

        public void TrialStarted(long trialId, Proposal proposal)
        {
            _sink.Overall(_finished, $"trial {trialId}{Of}, best val {Formats.Percent(double.IsNaN(_best) ? null : _best)}");
            _sink.Line($"trial {trialId}{Of}: {ArchitectureText.Short(proposal.Architecture)}");
        }

        public IProgress<TrainingProgress>? ProgressFor(long trialId) => new TrialProgress(_sink, trialId, _epochs);

        public void TrialFinished(long trialId, Proposal proposal, TrialOutcome outcome)
        {
            _finished++;
            if (outcome.Objective is { } o && (double.IsNaN(_best) || o > _best)) _best = o;
            _sink.Overall(_finished, $"{_finished}{Of} trials done, best val {Formats.Percent(double.IsNaN(_best) ? null : _best)}");
            _sink.Line(outcome.Status == TrialStatus.Completed
                ? $"trial {trialId}: validation accuracy {Formats.Percent(outcome.Metrics!.ValidationAccuracy)}, {Formats.Count(outcome.Metrics.Parameters)} params, {Formats.Seconds(outcome.Metrics.TrainingSeconds)}"
                : $"trial {trialId}: {outcome.Status.ToString().ToLowerInvariant()}: {outcome.Error}");
        }
    }
}
