using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Cli.Console;
using Nas.Cli.Options;
using Nas.OneShot;
using Nas.Reporting;
using Nas.Spaces.Cells;
using Nas.Store;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.OneShot;
using Nas.Torch.Runtime;
using Nas.Torch.Statistics;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas search --strategy darts|darts-2nd|snas</c>: a differentiable search over the darts-cell space.
/// Records the configuration and one search-log step per epoch (kind <c>darts</c> or <c>snas</c>), and
/// writes the last epoch's derived genotype as best.json (an architecture of the cell space that fits it),
/// genotype.json and best.svg.
/// </summary>
internal static class OneShotSearch
{
    /// <summary>The options only one-shot strategies read.</summary>
    internal sealed class OptionSet
    {
        public Option<string> Resource { get; } = OptionFactory.Create("--resource", "snas: cost of the resource penalty: params, madds or mac", "params");
        public Option<double> ResourceWeight { get; } = OptionFactory.Create("--resource-weight", "snas: lambda, weight of the resource penalty (lambda x expected cost / maximum cost; 0: off)", 0.0).NonNegative();
        public Option<int?> MaxSkip { get; } = OptionFactory.Optional<int>("--max-skip", "darts: at most this many skip_connect edges in the derived normal cell (default: no cap)").AtLeast(0);

        public void AddTo(Command command)
        {
            foreach (var o in new Option[] { Resource, ResourceWeight, MaxSkip }) command.Options.Add(o);
        }
    }

    /// <summary>The options of <c>search</c> that a one-shot run reads too.</summary>
    internal sealed record Shared(Option<string> Space, StrategyOptionSet Strategies, Option<int?> Subset, Option<int> Validation,
        Option<int?> Layers, Option<string?> Output, DataOptions Data, TrainingOptionSet Training, NetworkOptionSet Network);

    /// <summary>True for the strategies this command runs.</summary>
    public static bool Handles(string strategy) => Method(strategy) is not null;

    private static OneShotMethod? Method(string strategy) => strategy.ToLowerInvariant() switch
    {
        "darts" => OneShotMethod.Darts,
        "darts-2nd" => OneShotMethod.DartsSecondOrder,
        "snas" => OneShotMethod.Snas,
        _ => null,
    };

    public static async Task<int> RunAsync(ParseResult r, Shared s, OptionSet one, CancellationToken ct)
    {
        string strategyName = s.Strategies.Name(r);
        var method = Method(strategyName)!.Value;
        if (!string.Equals(r.GetValue(s.Space), DartsCellSpace.Name, StringComparison.OrdinalIgnoreCase))
            throw new NasUserException($"--space: the {strategyName} strategy searches the {DartsCellSpace.Name} space, not '{r.GetValue(s.Space)}'");
        var resource = r.GetValue(one.Resource)!.ToLowerInvariant() switch
        {
            "params" => ResourceKind.Params,
            "madds" => ResourceKind.Madds,
            "mac" => ResourceKind.Mac,
            var other => throw new NasUserException($"--resource: unknown cost '{other}' (known: params, madds, mac)"),
        };
        if (method != OneShotMethod.Snas && r.GetValue(one.ResourceWeight) > 0)
            throw new NasUserException("--resource-weight: the resource penalty is an snas option");
        if (method == OneShotMethod.Snas && r.GetValue(one.MaxSkip) is not null)
            throw new NasUserException("--max-skip: the skip cap is a darts option; snas derives the argmax child");

        var recipe = s.Training.Read(r);
        bool Given(Option o) => r.GetResult(o) is { Implicit: false };
        var options = new OneShotOptions
        {
            Method = method,
            Channels = r.GetValue(s.Network.InitChannels) ?? 16,
            Layers = r.GetValue(s.Layers) ?? 8,
            Epochs = recipe.Epochs,
            // DARTS's settings unless given: lr 0.025 (cosine to 0.001), batch 64.
            BatchSize = Given(s.Training.BatchSize) ? recipe.BatchSize : 64,
            LearningRate = Given(s.Training.LearningRate) ? recipe.LearningRate : 0.025,
            Momentum = recipe.Momentum,
            WeightDecay = recipe.WeightDecay,
            GradientClip = recipe.GradientClip,
            Resource = resource,
            ResourceWeight = r.GetValue(one.ResourceWeight),
            MaxSkip = r.GetValue(one.MaxSkip),
            Seed = recipe.Seed,
            Device = recipe.Device,
        }.Validated();
        options = options with { MinLearningRate = Math.Min(options.MinLearningRate, options.LearningRate) };
        if (recipe.CropPadding > 0 || recipe.HorizontalFlip || recipe.Cutout > 0)
            throw new NasUserException("--crop-padding, --flip, --cutout: one-shot searches do not augment");

        TorchRuntime.Initialize(r.GetValue(s.Training.Threads));
        var outDir = r.GetValue(s.Output) ?? Path.Combine("runs", $"{DartsCellSpace.Name}-{strategyName}-{DateTime.Now:yyyyMMdd-HHmmss}");
        using var store = OneRunStore.Open(outDir, out var dbPath);

        string dataset = r.GetValue(s.Data.Dataset)!;
        using var prepared = PreparedData.ForSearch(dataset, r.GetValue(s.Data.DataDirectory), r.GetValue(s.Subset), r.GetValue(s.Validation), options.Seed);
        string kind = method == OneShotMethod.Snas ? "snas" : "darts";
        var configuration = new
        {
            command = "search",
            space = new { name = DartsCellSpace.Name, ops = CellOps.DartsPrimitives },
            strategy = strategyName,
            one_shot = new
            {
                method = method.ToString(),
                init_channels = options.Channels, layers = options.Layers, nodes = options.Nodes, multiplier = options.Multiplier, stem_multiplier = options.StemMultiplier,
                epochs = options.Epochs, batch_size = options.BatchSize,
                weights = new { optimizer = "sgd", lr = options.LearningRate, lr_min = options.MinLearningRate, schedule = "cosine", momentum = options.Momentum, weight_decay = options.WeightDecay, grad_clip = options.GradientClip },
                alpha = new { optimizer = "adam", lr = options.AlphaLearningRate, betas = new[] { options.AlphaBeta1, options.AlphaBeta2 }, weight_decay = options.AlphaWeightDecay },
                split = method == OneShotMethod.Snas ? "single level: weights and alpha on the same batch of the whole training set" : "training set in halves: weights on the first, alpha on the second",
                temperature = method == OneShotMethod.Snas ? new { start = options.TemperatureStart, end = options.TemperatureEnd, schedule = "geometric per epoch" } : null,
                resource = method == OneShotMethod.Snas ? new { cost = resource.ToString().ToLowerInvariant(), weight = options.ResourceWeight } : null,
                max_skip = options.MaxSkip,
            },
            data = new { dataset, data_dir = r.GetValue(s.Data.DataDirectory), subset = r.GetValue(s.Subset), validation = r.GetValue(s.Validation), train_examples = prepared.Train.Count, validation_examples = prepared.Validation.Count, normalization = prepared.Normalization },
            seed = options.Seed,
            threads = TorchSharp.torch.get_num_threads(),
            allocator_tuned = NativeAllocator.Applied,
            version = typeof(OneShotSearch).Assembly.GetName().Version?.ToString(),
            started = DateTimeOffset.UtcNow,
        };
        store.SaveConfiguration(JsonSerializer.Serialize(configuration, new JsonSerializerOptions { WriteIndented = true }));
        System.Console.Out.WriteLine($"search: {DartsCellSpace.Name} supernet (C={options.Channels}, {options.Layers} cells), strategy {strategyName}, " +
            $"{prepared.Train.Count} training / {prepared.Validation.Count} validation examples of {prepared.Train.Name}, {options.Epochs} epoch(s)");

        var ops = CellOps.DartsPrimitives;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var epochs = await ProgressSink.RunAsync($"{strategyName} search ({options.Epochs} epochs)", options.Epochs, sink => Task.Run(() =>
            OneShotRunner.Run(options, prepared.Train, prepared.Validation, new Progress(sink, store, kind, ops), ct), ct));
        var last = epochs[^1];

        var genotype = last.Genotype;
        var architecture = CellSpace.FromGenotype(genotype);
        var bestPath = Path.Combine(outDir, "best.json");
        File.WriteAllText(bestPath, architecture.ToJson());
        File.WriteAllText(Path.Combine(outDir, "genotype.json"), genotype.ToJson(indented: true));
        File.WriteAllText(Path.Combine(outDir, "best.svg"), CellDiagram.ToSvg(genotype));
        long parameters;
        using (var net = NetworkCatalog.Default.Build(architecture, new InputShape(prepared.Train.Channels, prepared.Train.Height, prepared.Train.Width, prepared.Train.Classes)))
            parameters = ModelStatistics.Parameters(net);

        System.Console.Out.WriteLine($"derived: {genotype}");
        if (last.Child is { DroppedEdges: > 0 } c)
            System.Console.Out.WriteLine($"note: {c.DroppedEdges} live edge(s) of the SNAS child exceed the genotype's two inputs per node; the genotype keeps the two strongest per node (the full child is in the search log)");
        System.Console.Out.WriteLine($"search {Formats.Seconds(clock.Elapsed.TotalSeconds)}: supernet train accuracy {Formats.Percent(last.TrainAccuracy)}, " +
            (method == OneShotMethod.Snas ? $"derived child with inherited weights {Formats.Percent(last.ValidationAccuracy)} validation accuracy, expected {resource.ToString().ToLowerInvariant()} cost {Formats.Number(last.ExpectedCost, 0)}"
                                          : $"supernet validation accuracy {Formats.Percent(last.ValidationAccuracy)}") + " (search accuracy, not test accuracy)");
        System.Console.Out.WriteLine($"derived network at C={Torch.Networks.Cells.CellClassifier.DefaultChannels}, {Torch.Networks.Cells.CellClassifier.DefaultLayers} cells: {Formats.Count(parameters)} parameters");
        System.Console.Out.WriteLine($"wrote {bestPath}, best.svg, genotype.json and {dbPath}");
        System.Console.Out.WriteLine($"next: ./nas train --arch {bestPath} --dataset {dataset} --epochs 20 --out {Path.Combine(outDir, "final")} --init-channels 16 --layers 8 --cutout 16 --auxiliary-weight 0.4 --drop-path 0.2");
        return 0;
    }

    /// <summary>The JSON of one epoch's search-log step.</summary>
    internal static string StepJson(OneShotEpoch e, IReadOnlyList<string> ops)
    {
        static JsonArray Matrix(double[][] p) => new(p.Select(row => (JsonNode)new JsonArray(row.Select(x => (JsonNode)JsonValue.Create(Math.Round(x, 6))).ToArray())).ToArray());
        var node = new JsonObject
        {
            ["epoch"] = e.Epoch,
            ["seconds"] = Math.Round(e.Seconds, 3),
            ["lr"] = e.LearningRate,
            ["train_loss"] = e.TrainLoss,
            ["train_accuracy"] = e.TrainAccuracy,
            ["validation_loss"] = e.ValidationLoss,
            ["validation_accuracy"] = e.ValidationAccuracy,
            ["entropy"] = e.Entropy,
        };
        if (double.IsFinite(e.Temperature)) node["temperature"] = e.Temperature;
        if (double.IsFinite(e.ExpectedCost)) node["expected_cost"] = e.ExpectedCost;
        node["genotype"] = JsonNode.Parse(e.Genotype.ToJson());
        node["alpha_softmax"] = new JsonObject
        {
            ["ops"] = new JsonArray(ops.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
            ["normal"] = Matrix(e.NormalProbabilities),
            ["reduce"] = Matrix(e.ReduceProbabilities),
        };
        if (e.Child is { } c)
            node["child"] = new JsonObject
            {
                ["normal"] = new JsonArray(c.Normal.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
                ["reduce"] = new JsonArray(c.Reduce.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
                ["dropped_edges"] = c.DroppedEdges,
            };
        return node.ToJsonString();
    }

    /// <summary>Shows batches and epochs, and writes each finished epoch to the store as it happens.</summary>
    private sealed class Progress(ProgressSink sink, IExperimentStore store, string kind, IReadOnlyList<string> ops) : IProgress<OneShotProgress>
    {
        public void Report(OneShotProgress p)
        {
            if (p.Finished is not { } e)
            {
                sink.Current(p.Batch, p.Batches, $"epoch {p.Epoch}/{p.Epochs}: loss {Formats.Number(p.TrainLoss)}, train {Formats.Percent(p.TrainAccuracy)}");
                return;
            }
            store.AddStep(kind, e.Epoch, StepJson(e, ops));
            sink.Overall(e.Epoch, $"epoch {e.Epoch}/{p.Epochs} done");
            sink.Line($"epoch {e.Epoch}/{p.Epochs}: train {Formats.Percent(e.TrainAccuracy)}, validation {Formats.Percent(e.ValidationAccuracy)}, entropy {Formats.Number(e.Entropy, 3)}" +
                (double.IsFinite(e.ExpectedCost) ? $", expected cost {Formats.Number(e.ExpectedCost, 0)}" : "") + $", {Formats.Seconds(e.Seconds)}; {e.Genotype}");
        }
    }
}
