using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Cli.Console;
using Nas.Cli.Options;
using Nas.OneShot;
using Nas.Spaces.Recurrent;
using Nas.Store;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.OneShot;
using Nas.Torch.Runtime;
using Nas.Torch.Text;
using Nas.Torch.Training;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas search --space rnn-dag --strategy darts</c> on a text data set: DARTS (first order) over the
/// recurrent DAG cell (<see cref="RecurrentDartsRunner"/>). Records the configuration and one search-log step
/// per epoch (kind <c>darts-rnn</c>: perplexities, entropy, the derived cell, softmax of alpha), and writes
/// the last epoch's derived cell as best.json (an rnn-dag architecture) and genotype.json.
/// </summary>
internal static class RecurrentDartsSearch
{
    public const string StepKind = "darts-rnn";

    public static async Task<int> RunAsync(ParseResult r, LanguageSearch.Inputs o, LanguageModelOptions model,
        LanguageTrainingOptions recipe, RnnDagSpaceOptions space, CancellationToken ct)
    {
        if (LanguageOptionSet.Given(r, o.Trials) || LanguageOptionSet.Given(r, o.TimeBudget))
            throw new NasUserException("--trials, --time-budget: a darts search trains one supernet for --epochs; it has no trials");
        if (space.Output != RnnDagSpaceOptions.AllNodes)
            throw new NasUserException($"--dag-output: darts derives a cell whose output is the mean of every node ({RnnDagSpaceOptions.AllNodes}), not '{space.Output}'");
        if (LanguageOptionSet.Given(r, o.Language.Asgd) || LanguageOptionSet.Given(r, o.Language.AsgdAfter) || LanguageOptionSet.Given(r, o.Language.Nonmono))
            throw new NasUserException("--asgd, --asgd-after, --nonmono: a darts search trains its supernet with plain SGD (as the DARTS reference); averaging is for nas train");
        // DARTS's search settings where not given: batch 256 and weight decay 5e-7 (lr 20 and clip 0.25 are the
        // language-model defaults already). At batch 32 and lr 20 a search on the Jargon File diverged in its
        // third epoch (docs/benchmarks.md); the larger batch keeps the supernet's batch norms and steps steady.
        var weights = recipe with
        {
            Averaging = false,
            BatchSize = LanguageOptionSet.Given(r, o.Training.BatchSize) ? recipe.BatchSize : 256,
            WeightDecay = LanguageOptionSet.Given(r, o.Training.WeightDecay) ? recipe.WeightDecay : 5e-7,
        };
        var options = new RecurrentDartsOptions { Nodes = space.Nodes, Weights = weights }.Validated();
        string dataset = r.GetValue(o.Data.Dataset)!;
        TorchRuntime.Initialize(LanguageOptionSet.Threads(r, o.Training));
        var corpus = TextDatasets.Load(dataset, r.GetValue(o.Data.DataDirectory));

        var outDir = r.GetValue(o.Output) ?? Path.Combine("runs", $"{RnnDagSpace.Name}-darts-{DateTime.Now:yyyyMMdd-HHmmss}");
        using var store = OneRunStore.Open(outDir, out var dbPath);
        var configuration = new
        {
            command = "search",
            task = "language-model",
            space = new { name = RnnDagSpace.Name, settings = space.ToJson(), ops = RecurrentDerivation.Ops },
            strategy = "darts",
            one_shot = new
            {
                method = "darts, first order",
                alpha = new { optimizer = "adam", lr = options.AlphaLearningRate, betas = new[] { options.AlphaBeta1, options.AlphaBeta2 }, weight_decay = options.AlphaWeightDecay },
                split = "weights on the training split, alpha on the validation split (as the DARTS recurrent search)",
                batch_norm = "non-affine, on every node of the search cell",
            },
            data = new
            {
                dataset, data_dir = r.GetValue(o.Data.DataDirectory), level = corpus.Level, vocabulary = corpus.Vocabulary.Count,
                train_tokens = corpus.Train.Length, validation_tokens = corpus.Validation.Length, subset = r.GetValue(o.Subset),
            },
            language_model = LanguageOptionSet.Describe(model, options.Weights),
            seed = recipe.Seed,
            threads = TorchSharp.torch.get_num_threads(),
            allocator_tuned = NativeAllocator.Applied,
            version = typeof(RecurrentDartsSearch).Assembly.GetName().Version?.ToString(),
            started = DateTimeOffset.UtcNow,
        };
        store.SaveConfiguration(JsonSerializer.Serialize(configuration, new JsonSerializerOptions { WriteIndented = true }));
        System.Console.Out.WriteLine($"search: {RnnDagSpace.Name} supernet ({space.Nodes} nodes, size {model.Size}), strategy darts, {corpus}, {recipe.Epochs} epoch(s), batch {weights.BatchSize}");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var epochs = await ProgressSink.RunAsync($"darts search ({recipe.Epochs} epochs)", recipe.Epochs, sink => Task.Run(() =>
            RecurrentDartsRunner.Run(options, corpus.Vocabulary.Count, model, corpus.Train, corpus.Validation, new Progress(sink, store), ct), ct));
        var last = epochs[^1];
        var architecture = RnnDagSpace.FromGenotype(last.Genotype);
        var bestPath = Path.Combine(outDir, "best.json");
        File.WriteAllText(bestPath, architecture.ToJson());
        File.WriteAllText(Path.Combine(outDir, "genotype.json"), GenotypeJson(last.Genotype).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        long parameters;
        using (var net = RecurrentNetworks.Build(architecture, corpus.Vocabulary.Count, model)) parameters = Torch.Statistics.ModelStatistics.Parameters(net);
        System.Console.Out.WriteLine($"derived: {last.Genotype}");
        System.Console.Out.WriteLine($"search {Formats.Seconds(clock.Elapsed.TotalSeconds)}: supernet validation perplexity {Formats.Number(last.ValidationPerplexity, 2)} " +
            "(alpha learned on the validation split: a search number, not a test result)");
        System.Console.Out.WriteLine($"derived model at size {model.Size}: {Formats.Count(parameters)} parameters");
        System.Console.Out.WriteLine($"wrote {bestPath}, genotype.json and {dbPath}");
        System.Console.Out.WriteLine($"next: ./nas train --arch {bestPath} --dataset {dataset}{(r.GetValue(o.Data.DataDirectory) is { } dir ? " --data-dir " + dir : "")} --hidden-size {model.Size} --epochs 20 --out {Path.Combine(outDir, "final")}");
        return 0;
    }

    /// <summary>A recurrent genotype in the DARTS reference's layout: <c>{"recurrent": [[op, input], …], "concat": […]}</c>.</summary>
    internal static JsonObject GenotypeJson(RecurrentGenotype g) => new()
    {
        ["recurrent"] = new JsonArray(g.Steps.Select(s => (JsonNode)new JsonArray(JsonValue.Create(s.Activation), JsonValue.Create(s.Input))).ToArray()),
        ["concat"] = new JsonArray(g.Concat.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
    };

    internal static string StepJson(RecurrentDartsEpoch e) => new JsonObject
    {
        ["epoch"] = e.Epoch,
        ["seconds"] = Math.Round(e.Seconds, 3),
        ["lr"] = e.LearningRate,
        ["tokens_per_second"] = Math.Round(e.TokensPerSecond, 1),
        ["train_ppl"] = Math.Round(e.TrainPerplexity, 4),
        ["validation_ppl"] = Math.Round(e.ValidationPerplexity, 4),
        ["entropy"] = e.Entropy,
        ["genotype"] = GenotypeJson(e.Genotype),
        ["alpha_softmax"] = new JsonObject
        {
            ["ops"] = new JsonArray(RecurrentDerivation.Ops.Select(op => (JsonNode)JsonValue.Create(op)).ToArray()),
            ["edges"] = new JsonArray(e.Probabilities.Select(row => (JsonNode)new JsonArray(row.Select(x => (JsonNode)JsonValue.Create(Math.Round(x, 6))).ToArray())).ToArray()),
        },
    }.ToJsonString();

    /// <summary>Shows windows and epochs, and writes each finished epoch to the store as it happens.</summary>
    private sealed class Progress(ProgressSink sink, IExperimentStore store) : IProgress<RecurrentDartsProgress>
    {
        public void Report(RecurrentDartsProgress p)
        {
            if (p.Finished is not { } e)
            {
                sink.Current(p.Batch, p.Batches, $"epoch {p.Epoch}/{p.Epochs}: train ppl {Formats.Number(Math.Exp(p.TrainLoss), 2)}");
                return;
            }
            store.AddStep(StepKind, e.Epoch, StepJson(e));
            sink.Overall(e.Epoch, $"epoch {e.Epoch}/{p.Epochs} done");
            sink.Line($"epoch {e.Epoch}/{p.Epochs}: train ppl {Formats.Number(e.TrainPerplexity, 2)}, validation ppl {Formats.Number(e.ValidationPerplexity, 2)}, entropy {Formats.Number(e.Entropy, 3)}, {e.TokensPerSecond:F0} tokens/s, {Formats.Seconds(e.Seconds)}; {e.Genotype}");
        }
    }
}
