using System.CommandLine;
using System.Text.Json;
using Nas.Architectures;
using Nas.Cli.Console;
using Nas.Cli.Options;
using Nas.Spaces.Recurrent;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Runtime;
using Nas.Torch.Statistics;
using Nas.Torch.Text;
using Nas.Torch.Training;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas train</c> on a text data set: trains a recurrent architecture's language model from scratch on the
/// training split (the validation split picks the epoch kept and triggers averaged SGD) and reports test
/// perplexity once, at the end. <c>--arch</c> takes a best.json of a recurrent space, a published recurrent
/// cell (DARTS_V1, DARTS_V2, ENAS) or <c>lstm</c> (TorchSharp's LSTM, the baseline).
/// </summary>
internal static class LanguageTrain
{
    public sealed record Inputs(Option<string> Arch, Option<string?> Output, Option<bool> Overwrite, DataOptions Data, TrainingOptionSet Training, LanguageOptionSet Language);

    /// <summary>True for a text data set.</summary>
    public static bool Applies(string dataset) => TextDatasets.IsText(dataset);

    /// <summary>A recurrent architecture by name (published cell), file, or null for <c>lstm</c>.</summary>
    public static Architecture? Resolve(string pathOrName)
    {
        if (pathOrName.Equals(RecurrentNetworks.Lstm, StringComparison.OrdinalIgnoreCase)) return null;
        if (!File.Exists(pathOrName) && PublishedRecurrentGenotypes.Find(pathOrName) is { } genotype) return RnnDagSpace.FromGenotype(genotype);
        if (!File.Exists(pathOrName))
            throw new NasUserException($"--arch: no file '{pathOrName}' and no published recurrent cell of that name (known: {string.Join(", ", PublishedRecurrentGenotypes.All.Keys)}, {RecurrentNetworks.Lstm})");
        var architecture = ArchitectureSource.Load(pathOrName);
        if (!RecurrentNetworks.IsRecurrentSpace(architecture.Space.Name))
            throw new NasUserException($"{pathOrName}: an architecture of the {architecture.Space.Name} space cannot model text (recurrent spaces: {RnnDagSpace.Name}, {RnnTreeSpace.Name})");
        return architecture;
    }

    public static async Task<int> RunAsync(ParseResult r, Inputs o, CancellationToken ct)
    {
        var archText = r.GetValue(o.Arch)!;
        var architecture = Resolve(archText);
        var model = o.Language.Model(r);
        var recipe = o.Language.Training(r, o.Training, null);
        var outDir = r.GetValue(o.Output) ?? (File.Exists(archText)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(archText))!, "final")
            : Path.Combine("runs", $"{archText.ToLowerInvariant()}-{DateTime.Now:yyyyMMdd-HHmmss}"));
        TrainOutput.Prepare(outDir, r.GetValue(o.Overwrite), resuming: false);
        TorchRuntime.Initialize(LanguageOptionSet.Threads(r, o.Training));
        var dataset = r.GetValue(o.Data.Dataset)!;
        var corpus = TextDatasets.Load(dataset, r.GetValue(o.Data.DataDirectory));

        TorchRuntime.Seed(recipe.Seed);
        using var network = RecurrentNetworks.Build(architecture, corpus.Vocabulary.Count, model);
        long parameters = ModelStatistics.Parameters(network);
        string description = architecture is null ? "TorchSharp LSTM" : ArchitectureText.Short(architecture);
        System.Console.Out.WriteLine($"train: {description}");
        System.Console.Out.WriteLine($"  {Formats.Count(parameters)} parameters ({parameters}), {corpus}, size {model.Size}, {recipe.Epochs} epochs");

        var trainer = new LanguageModelTrainer(recipe);
        var result = await ProgressSink.RunAsync($"train {recipe.Epochs} epochs", recipe.Epochs, sink =>
            Task.FromResult(trainer.Train(network, corpus.Train, corpus.Validation, new PerplexityProgress(sink, "final"), ct)));
        double testLoss = trainer.Evaluate(network, corpus.Test);

        Directory.CreateDirectory(outDir);
        var weights = Path.Combine(outDir, "model.bin");
        network.save(weights);
        if (architecture is not null) File.WriteAllText(Path.Combine(outDir, "architecture.json"), architecture.ToJson());
        var report = new
        {
            arch = archText,
            test_perplexity = Math.Exp(testLoss),
            test_loss = testLoss,
            test_tokens = corpus.Test.Length,
            train_tokens = recipe.TrainTokens is { } n ? Math.Min(n, corpus.Train.Length) : corpus.Train.Length,
            best_validation_perplexity = result.BestValidationPerplexity,
            best_epoch = result.BestEpoch,
            averaging_started_after_epoch = result.AveragingStartedAfter,
            parameters,
            train_seconds = result.Seconds,
            dataset,
            level = corpus.Level,
            vocabulary = corpus.Vocabulary.Count,
            language_model = LanguageOptionSet.Describe(model, recipe),
            threads = TorchSharp.torch.get_num_threads(),
            allocator_tuned = NativeAllocator.Applied,
            epochs = result.Epochs.Select(e => new { epoch = e.Epoch, train_perplexity = Math.Exp(e.TrainLoss), validation_perplexity = Math.Exp(e.ValidationLoss), seconds = e.Seconds, tokens_per_second = e.ImagesPerSecond }),
        };
        File.WriteAllText(Path.Combine(outDir, "result.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
        System.Console.Out.WriteLine($"test perplexity {Formats.Number(Math.Exp(testLoss), 2)} (best validation perplexity {Formats.Number(result.BestValidationPerplexity, 2)} at epoch {result.BestEpoch}) after {recipe.Epochs} epochs in {Formats.Seconds(result.Seconds)}");
        System.Console.Out.WriteLine($"parameters {parameters}");
        System.Console.Out.WriteLine($"wrote {weights} and {Path.Combine(outDir, "result.json")}");
        return 0;
    }
}
