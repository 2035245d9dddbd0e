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

namespace Nas.Cli.Commands;

/// <summary><c>nas search</c>: runs a strategy over a space, records every trial, writes best.json.</summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var space = OptionFactory.Create("--space", $"Search space: {string.Join(", ", SpaceCatalog.Default.Names)}", "macro");
        var strategies = new StrategyOptionSet();
        var workers = OptionFactory.Create("--workers", "Children trained at once on this machine (threads sharing the cores; results update the strategy as they arrive)", 1).AtLeast(1);
        var trials = OptionFactory.Optional<int>("--trials", "Number of trials (default 20 when no --time-budget is given)").AtLeast(1);
        var timeBudget = OptionFactory.OptionalText("--time-budget", "Wall-time budget, e.g. 90s, 30m, 1h30m: no trial starts after it");
        var subset = OptionFactory.Optional<int>("--subset", "Search on this many training examples (default: all that remain after the validation split)").AtLeast(1);
        var validation = OptionFactory.Create("--validation", "Validation examples carved from the training set (never the test set)", 5000).AtLeast(1);
        var layers = OptionFactory.Optional<int>("--layers", "macro space: number of layers (default 6); enas-macro: layers (default 12); cell spaces: cells of each child network (default 8); one-shot (darts, darts-2nd, snas): cells of the supernet (default 8)").AtLeast(1);
        var poolAfter = OptionFactory.OptionalText("--pool-after", "macro space: layers after which the resolution halves, e.g. 1,3 (default: after N/3-1 and 2N/3-1)");
        var strides = OptionFactory.Create("--search-strides", "macro space: also search a stride of 1 or 2 per layer", false);
        var output = OptionFactory.OptionalText("--out", "Output directory for experiment.db and best.json (default runs/<space>-<strategy>-<time>)");
        var data = new DataOptions();
        var training = new TrainingOptionSet(epochs: 2, cropPadding: 0, flip: false);
        var network = new NetworkOptionSet(layers: false);
        var language = new LanguageOptionSet(hiddenSize: 64);
        var enas = new EnasOptionSet(strategies);
        var oneShot = new OneShotSearch.OptionSet();

        var command = new Command("search", "Search a space for a good architecture: train each proposed child, record it, keep the best");
        foreach (var o in new Option[] { space, trials, timeBudget, subset, validation, layers, poolAfter, strides, output, workers }) command.Options.Add(o);
        strategies.AddTo(command);
        data.AddTo(command);
        training.AddTo(command);
        network.AddTo(command);
        language.AddTo(command);
        enas.AddTo(command);
        oneShot.AddTo(command);

        command.SetAction((r, ct) => CommandRunner.RunAsync(async () =>
        {
            if (LanguageSearch.Applies(r.GetValue(space)!, r.GetValue(data.Dataset)!))
                return await LanguageSearch.RunAsync(r, new(space, strategies, trials, timeBudget, subset, validation, output, data, training, language), ct);
            if (OneShotSearch.Handles(strategies.Name(r)))
                return await OneShotSearch.RunAsync(r, new(space, strategies, subset, validation, layers, output, data, training, network), oneShot, ct);
            if (strategies.Name(r) == EnasSearch.StrategyName)
                return EnasSearch.Run(r, new(space, subset, validation, layers, poolAfter, output, data, training), enas, ParseList, ct);
            TimeSpan? duration = null;
            if (r.GetValue(timeBudget) is { } text)
            {
                if (!DurationParser.TryParse(text, out var d)) throw new NasUserException($"--time-budget: '{text}' is not a duration (examples: 90s, 30m, 1h30m)");
                duration = d;
            }
            var budget = new Budget(r.GetValue(trials) ?? (duration is null ? 20 : null), duration);
            budget.Validate();
            var recipe = training.Read(r);
            int workerCount = r.GetValue(workers);
            // Each worker gets its share of the cores, so W children share them instead of fighting over them.
            int threads = r.GetValue(training.Threads) is > 0 and var t ? t : Math.Max(1, Environment.ProcessorCount / workerCount);
            TorchRuntime.Initialize(workerCount > 1 || r.GetValue(training.Threads) > 0 ? threads : 0);
            var searchSpace = CreateSpace(r.GetValue(space)!, r.GetValue(layers) ?? 6, ParseList(r.GetValue(poolAfter), "--pool-after"), r.GetValue(strides));
            bool cells = CellSpace.IsCellSpace(searchSpace);
            var size = network.Read(r, auxiliary: recipe.AuxiliaryWeight > 0, layers: cells ? r.GetValue(layers) : null);
            var strategyName = strategies.Name(r);
            var searchStrategy = strategies.Create(r, searchSpace, recipe.Seed);
            var outDir = r.GetValue(output) ?? Path.Combine("runs", $"{searchSpace.Name}-{strategyName}-{DateTime.Now:yyyyMMdd-HHmmss}");
            var dbPath = Path.Combine(outDir, "experiment.db");

            using var store = SqliteExperimentStore.Open(dbPath);
            if (store.Trials().Count > 0)
                throw new NasUserException($"{dbPath} already holds an experiment; choose another --out (nothing was changed)");

            var seed = recipe.Seed;
            using var prepared = PreparedData.ForSearch(r.GetValue(data.Dataset)!, r.GetValue(data.DataDirectory), r.GetValue(subset), r.GetValue(validation), seed);
            var configuration = new
            {
                command = "search",
                space = new { name = searchSpace.Name, settings = searchSpace.Settings },
                strategy = strategies.Describe(r),
                workers = workerCount,
                budget = new { trials = budget.MaxTrials, seconds = budget.MaxDuration?.TotalSeconds },
                data = new { dataset = r.GetValue(data.Dataset), data_dir = r.GetValue(data.DataDirectory), subset = r.GetValue(subset), validation = r.GetValue(validation), train_examples = prepared.Train.Count, validation_examples = prepared.Validation.Count, normalization = prepared.Normalization },
                training = TrainingConfiguration.Describe(recipe),
                network = cells ? new { init_channels = size.Channels ?? CellClassifier.DefaultChannels, layers = size.Layers ?? CellClassifier.DefaultLayers, auxiliary = size.Auxiliary, kind = size.Kind.ToString().ToLowerInvariant() } : null,
                seed,
                threads = TorchSharp.torch.get_num_threads(),
                allocator_tuned = NativeAllocator.Applied,
                version = typeof(SearchCommand).Assembly.GetName().Version?.ToString(),
                started = DateTimeOffset.UtcNow,
            };
            store.SaveConfiguration(JsonSerializer.Serialize(configuration, new JsonSerializerOptions { WriteIndented = true }));

            System.Console.Out.WriteLine($"search: {searchSpace}, strategy {strategyName}, {prepared.Train.Count} training / {prepared.Validation.Count} validation examples of {prepared.Train.Name}, {recipe.Epochs} epoch(s) per child");
            var evaluator = new TrainingEvaluator(prepared.Train, prepared.Validation, recipe, network: size);
            var loop = new ExperimentLoop(searchStrategy, evaluator, store, seed, workerCount);
            var summary = await ProgressSink.RunAsync($"search ({budget.MaxTrials?.ToString() ?? "?"} trials)", budget.MaxTrials ?? 1, async sink =>
            {
                using var journal = new StrategyJournal(searchStrategy, store, new SearchObserver(sink, budget, recipe.Epochs));
                return await loop.RunAsync(budget, journal, ct);
            });
            (searchStrategy as IDisposable)?.Dispose();

            var records = store.Trials();
            var best = TrialTable.Best(records);
            TrialTable.Print(records, best?.Id);
            if (best is null)
            {
                System.Console.Error.WriteLine("error: no trial completed, so there is no best architecture" + (summary.Cancelled ? " (search cancelled)" : ""));
                return 1;
            }
            var bestPath = Path.Combine(outDir, "best.json");
            var bestArchitecture = Architectures.Architecture.FromJson(best.ArchitectureJson);
            File.WriteAllText(bestPath, bestArchitecture.ToJson());
            if (cells)
            {
                var picture = Path.Combine(outDir, "best.svg");
                File.WriteAllText(picture, CellDiagram.ToSvg(CellSpace.ToGenotype(bestArchitecture)));
                System.Console.Out.WriteLine($"wrote the best cells' picture to {picture}");
            }
            System.Console.Out.WriteLine($"{summary.Completed} completed, {summary.Failed} failed{(summary.Cancelled ? ", cancelled" : "")} in {Formats.Seconds(summary.Elapsed.TotalSeconds)}");
            System.Console.Out.WriteLine($"best: trial {best.Id}, validation accuracy {Formats.Percent(best.ValidationAccuracy)} (search accuracy, not test accuracy), {Formats.Count(best.Parameters)} parameters");
            System.Console.Out.WriteLine($"wrote {bestPath} and {dbPath}");
            System.Console.Out.WriteLine($"next: ./nas train --arch {bestPath} --dataset {r.GetValue(data.Dataset)} --epochs 20 --out {Path.Combine(outDir, "final")}"
                + (cells ? " --init-channels 16 --layers 8 --cutout 16 --auxiliary-weight 0.4 --drop-path 0.2" : ""));
            return summary.Cancelled ? 130 : 0;
        }));
        return command;
    }

    internal static SearchSpace CreateSpace(string name, int layers, int[]? poolAfter, bool strides)
    {
        if (name.Equals(MacroSpace.Name, StringComparison.OrdinalIgnoreCase))
            return MacroSpace.Create(new MacroSpaceOptions(layers, PoolAfter: poolAfter, SearchStrides: strides));
        return SpaceCatalog.Default.Create(name, JsonDocument.Parse("{}").RootElement);
    }

    private static int[]? ParseList(string? text, string option)
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
