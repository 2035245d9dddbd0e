using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Nas.Architectures;
using Nas.Cli.Console;
using Nas.Cli.Options;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Store;
using Nas.Torch.Data;
using Nas.Torch.Enas;
using Nas.Torch.Runtime;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas search --strategy enas</c>: the ENAS search of an enas-cell or enas-macro space through one
/// shared graph. Records the configuration and one <c>enas</c> step per epoch (and one <c>enas-derive</c>
/// step per child scored at the end) in the store, the controller's weights as state, and writes best.json.
/// </summary>
internal static class EnasSearch
{
    /// <summary>The <c>--strategy</c> value that selects this run.</summary>
    public const string StrategyName = "enas";

    /// <summary>The options of <c>nas search</c> that the ENAS run reads besides its own.</summary>
    internal sealed record Common(Option<string> Space, Option<int?> Subset, Option<int> Validation, Option<int?> Layers, Option<string?> PoolAfter,
        Option<string?> Output, DataOptions Data, TrainingOptionSet Training);

    public static int Run(ParseResult r, Common o, EnasOptionSet enas, Func<string?, string, int[]?> parseList, CancellationToken cancel)
    {
        var spaceName = r.GetValue(o.Space)!;
        SearchSpace space = spaceName.ToLowerInvariant() switch
        {
            EnasCellSpace.Name => EnasCellSpace.Create(),
            EnasMacroSpace.Name => EnasMacroSpace.Create(new EnasMacroSpaceOptions(r.GetValue(o.Layers) ?? new EnasMacroSpaceOptions().Layers, parseList(r.GetValue(o.PoolAfter), "--pool-after"))),
            _ => throw new NasUserException($"--space: --strategy enas searches {EnasCellSpace.Name} or {EnasMacroSpace.Name}, not '{spaceName}'"),
        };
        bool micro = space.Name == EnasCellSpace.Name;
        var recipe = o.Training.Read(r);
        var searchOptions = enas.Search(r, micro);
        var controllerOptions = enas.Controller(r, micro);
        TorchRuntime.Initialize(r.GetValue(o.Training.Threads));
        var outDir = r.GetValue(o.Output) ?? Path.Combine("runs", $"{space.Name}-enas-{DateTime.Now:yyyyMMdd-HHmmss}");
        using var store = OneRunStore.Open(outDir, out var dbPath);

        using var prepared = PreparedData.ForSearch(r.GetValue(o.Data.Dataset)!, r.GetValue(o.Data.DataDirectory), r.GetValue(o.Subset), r.GetValue(o.Validation), recipe.Seed);
        var configuration = new
        {
            command = "search",
            space = new { name = space.Name, settings = space.Settings },
            strategy = "enas",
            enas = searchOptions,
            controller = controllerOptions,
            data = new { dataset = r.GetValue(o.Data.Dataset), data_dir = r.GetValue(o.Data.DataDirectory), subset = r.GetValue(o.Subset), validation = r.GetValue(o.Validation), train_examples = prepared.Train.Count, validation_examples = prepared.Validation.Count, normalization = prepared.Normalization },
            training = TrainingConfiguration.Describe(recipe),
            seed = recipe.Seed,
            threads = TorchSharp.torch.get_num_threads(),
            allocator_tuned = NativeAllocator.Applied,
            version = typeof(EnasSearch).Assembly.GetName().Version?.ToString(),
            started = DateTimeOffset.UtcNow,
        };
        store.SaveConfiguration(JsonSerializer.Serialize(configuration, new JsonSerializerOptions { WriteIndented = true }));

        System.Console.Out.WriteLine($"search: {space}, strategy enas, {prepared.Train.Count} training / {prepared.Validation.Count} validation examples of {prepared.Train.Name}, " +
            $"{recipe.Epochs} epoch(s), C={searchOptions.Channels}, {searchOptions.ControllerSteps} controller steps per epoch");
        var watch = Stopwatch.StartNew();
        using var trainer = new EnasTrainer(space, prepared.Train, prepared.Validation, recipe, searchOptions, controllerOptions);
        for (int e = 0; e < recipe.Epochs; e++)
        {
            var epoch = trainer.RunEpoch(cancel);
            store.AddStep("enas", epoch.Epoch, JsonSerializer.Serialize(new
            {
                shared_loss = epoch.SharedLoss,
                shared_accuracy = epoch.SharedAccuracy,
                mean_reward = epoch.MeanReward,
                baseline = epoch.Baseline,
                entropy = epoch.Entropy,
                best_reward = epoch.BestReward,
                learning_rate = epoch.LearningRate,
                seconds = epoch.Seconds,
                best_child = ValuesOf(epoch.BestChild),
            }));
            store.SaveState("enas-controller", trainer.Controller.SaveWeights());
            System.Console.Out.WriteLine($"epoch {epoch.Epoch}/{recipe.Epochs}: shared loss {Formats.Number(epoch.SharedLoss)}, train acc {Formats.Percent(epoch.SharedAccuracy)}, " +
                $"mean reward {Formats.Percent(epoch.MeanReward)}, baseline {Formats.Percent(epoch.Baseline)}, entropy {Formats.Number(epoch.Entropy, 2)}, " +
                $"best sampled {Formats.Percent(epoch.BestReward)}, {Formats.Seconds(epoch.Seconds)}");
        }

        var (best, accuracy, sampled) = trainer.Derive();
        for (int k = 0; k < sampled.Count; k++)
            store.AddStep("enas-derive", k + 1, JsonSerializer.Serialize(new { validation_batch_accuracy = sampled[k].Accuracy, child = ValuesOf(sampled[k].Child) }));
        var bestPath = Path.Combine(outDir, "best.json");
        File.WriteAllText(bestPath, best.ToJson());
        System.Console.Out.WriteLine($"searched in {Formats.Seconds(watch.Elapsed.TotalSeconds)}");
        System.Console.Out.WriteLine($"best of {sampled.Count} sampled children: {Describe(best)}");
        System.Console.Out.WriteLine($"its accuracy on one validation batch through the shared weights: {Formats.Percent(accuracy)} (not a test accuracy)");
        System.Console.Out.WriteLine($"wrote {bestPath} and {dbPath}");
        System.Console.Out.WriteLine($"next: ./nas train --arch {bestPath} --dataset {r.GetValue(o.Data.Dataset)} --epochs 20 --out {Path.Combine(outDir, "final")}");
        return 0;
    }

    private static JsonElement ValuesOf(Architecture a) => JsonDocument.Parse(a.ToJson(indented: false)).RootElement.GetProperty("values").Clone();

    private static string Describe(Architecture a) => a.Space.Name == EnasMacroSpace.Name
        ? string.Join(" ", EnasMacroSpace.Decode(a).Layers.Select(l => l.Op + (l.Skips.Count > 0 ? "+" + string.Join(",", l.Skips) : "")))
        : CellSpace.ToGenotype(a).ToString();
}
