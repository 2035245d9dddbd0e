using System.CommandLine;
using System.Text.Json;
using Nas.Cli.Console;
using Nas.Cli.Options;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Runtime;
using Nas.Torch.Statistics;
using Nas.Torch.Training;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas train</c>: trains an architecture from scratch on the whole training set and reports its
/// accuracy on the test set, which nothing else ever looks at.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var arch = new Option<string>("--arch") { Description = "Architecture file (best.json of a search), genotype file, or published cell (DARTS_V2, NASNet, ...)", Required = true };
        var output = OptionFactory.OptionalText("--out", "Output directory for the weights and result.json (default: final/ beside the architecture file); a checkpoint is kept there after every epoch until the run ends");
        var resume = OptionFactory.Create("--resume", "Continue the run whose checkpoint is in --out (the same options again), from its last finished epoch", false);
        var overwrite = OptionFactory.Create("--overwrite", "Replace the finished model (model.bin, result.json) already in --out", false);
        var data = new DataOptions();
        var training = new TrainingOptionSet(epochs: 20, cropPadding: 2, flip: true);
        var network = new NetworkOptionSet();
        var language = new LanguageOptionSet(hiddenSize: 64);
        var command = new Command("train", "Train an architecture from scratch on the full training set and measure its test accuracy");
        command.Options.Add(arch);
        command.Options.Add(output);
        command.Options.Add(resume);
        command.Options.Add(overwrite);
        data.AddTo(command);
        training.AddTo(command);
        network.AddTo(command);
        language.AddTo(command);

        command.SetAction((r, ct) => CommandRunner.RunAsync(async () =>
        {
            if (LanguageTrain.Applies(r.GetValue(data.Dataset)!))
                return await LanguageTrain.RunAsync(r, new(arch, output, overwrite, data, training, language), ct);
            var recipe = training.Read(r);
            var size = network.Read(r, auxiliary: recipe.AuxiliaryWeight > 0);
            var archPath = r.GetValue(arch)!;
            var architecture = ImageArchitecture(archPath);
            var outDir = r.GetValue(output) ?? (File.Exists(archPath)
                ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(archPath))!, "final")
                : Path.Combine("runs", $"train-{archPath}-{DateTime.Now:yyyyMMdd-HHmmss}"));
            TrainOutput.Prepare(outDir, r.GetValue(overwrite), r.GetValue(resume));
            TorchRuntime.Initialize(r.GetValue(training.Threads));
            using var prepared = PreparedData.ForFinalTraining(r.GetValue(data.Dataset)!, r.GetValue(data.DataDirectory));
            var input = new InputShape(prepared.Train.Channels, prepared.Train.Height, prepared.Train.Width, prepared.Train.Classes);

            TorchRuntime.Seed(recipe.Seed);
            using var model = NetworkCatalog.Default.Build(architecture, input, size);
            var counts = ModelStatistics.Count(model);
            long parameters = counts.Network;
            long madds = ModelStatistics.MultiplyAdds(model, input.Example);
            System.Console.Out.WriteLine($"train: {ArchitectureText.Short(architecture)}");
            System.Console.Out.WriteLine($"  {Formats.Count(parameters)} parameters ({parameters}{(counts.Auxiliary > 0 ? $", plus {counts.Auxiliary} in the auxiliary head" : "")}), {Formats.Count(madds)} multiply-adds per image, {prepared.Train.Count} training / {prepared.Test.Count} test examples, {recipe.Epochs} epochs");

            // The checkpoint belongs to exactly this run: architecture, recipe, network size and data.
            var fingerprint = JsonSerializer.Serialize(new
            {
                architecture = architecture.ToJson(indented: false),
                training = TrainingConfiguration.Describe(recipe),
                network = new { size.Channels, size.Layers, size.Auxiliary, kind = size.Kind.ToString() },
                dataset = r.GetValue(data.Dataset),
                train_examples = prepared.Train.Count,
            });
            var checkpoint = new TrainingCheckpoint(Path.Combine(outDir, "checkpoint"), fingerprint);
            if (checkpoint.Exists && !r.GetValue(resume))
                throw new NasUserException($"{outDir} holds the checkpoint of an unfinished run; add --resume to continue it, or choose another --out");
            if (r.GetValue(resume))
            {
                if (!checkpoint.Exists) throw new NasUserException($"{outDir}: no checkpoint to resume (it is written after every epoch)");
                System.Console.Out.WriteLine($"resuming after epoch {checkpoint.SavedEpochs} of {recipe.Epochs} from {checkpoint.Directory}");
            }

            var trainer = new Trainer(recipe);
            var result = await ProgressSink.RunAsync($"train {recipe.Epochs} epochs", recipe.Epochs, sink =>
            {
                var progress = new EpochProgress(sink, new TrialProgress(sink, "final"));
                return Task.FromResult(trainer.Train(model, prepared.Train, null, progress, ct, checkpoint));
            });
            var test = trainer.Evaluate(model, prepared.Test);

            Directory.CreateDirectory(outDir);
            var weights = Path.Combine(outDir, "model.bin");
            model.save(weights);
            File.WriteAllText(Path.Combine(outDir, "architecture.json"), architecture.ToJson());
            var report = new
            {
                test_accuracy = test.Accuracy,
                test_loss = test.Loss,
                test_examples = test.Count,
                parameters,
                auxiliary_head_parameters = counts.Auxiliary,
                multiply_adds = madds,
                network = new { init_channels = size.Channels, layers = size.Layers, auxiliary = size.Auxiliary, kind = size.Kind.ToString().ToLowerInvariant() },
                train_seconds = result.Seconds,
                final_train_accuracy = result.Last.TrainAccuracy,
                final_train_loss = result.Last.TrainLoss,
                dataset = r.GetValue(data.Dataset),
                normalization = prepared.Normalization,
                training = TrainingConfiguration.Describe(recipe),
                allocator_tuned = NativeAllocator.Applied,
                epochs = result.Epochs.Select(e => new { epoch = e.Epoch, train_loss = e.TrainLoss, train_accuracy = e.TrainAccuracy, seconds = e.Seconds, images_per_second = e.ImagesPerSecond }),
            };
            File.WriteAllText(Path.Combine(outDir, "result.json"), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
            System.Console.Out.WriteLine($"test accuracy {Formats.Percent(test.Accuracy)} (test loss {Formats.Number(test.Loss)}) after {recipe.Epochs} epochs in {Formats.Seconds(result.Seconds)}");
            System.Console.Out.WriteLine($"parameters {parameters}, multiply-adds {madds}");
            System.Console.Out.WriteLine($"wrote {weights} and {Path.Combine(outDir, "result.json")}");
            checkpoint.Delete(); // the run is over and its results are written
            return 0;
        }));
        return command;
    }

    /// <summary>What <c>--arch</c> names, for an image data set: recurrent architectures are for text and say so.</summary>
    private static Nas.Architectures.Architecture ImageArchitecture(string archPath)
    {
        const string forText = "is for text data sets (--dataset ptb or text:FILE)";
        if (!File.Exists(archPath) && archPath.Equals(RecurrentNetworks.Lstm, StringComparison.OrdinalIgnoreCase))
            throw new NasUserException($"--arch {archPath} {forText}");
        var architecture = ArchitectureSource.Load(archPath);
        if (RecurrentNetworks.IsRecurrentSpace(architecture.Space.Name))
            throw new NasUserException($"--arch {archPath}: an architecture of the {architecture.Space.Name} space {forText}");
        return architecture;
    }

    /// <summary>Moves the epoch bar and passes batch progress on.</summary>
    private sealed class EpochProgress : IProgress<Nas.Evaluation.TrainingProgress>
    {
        private readonly ProgressSink _sink;
        private readonly IProgress<Nas.Evaluation.TrainingProgress> _inner;

        public EpochProgress(ProgressSink sink, IProgress<Nas.Evaluation.TrainingProgress> inner)
        {
            _sink = sink;
            _inner = inner;
        }

        public void Report(Nas.Evaluation.TrainingProgress p)
        {
            _sink.Overall(p.FinishedEpoch is null ? p.Epoch - 1 : p.Epoch, $"epoch {p.Epoch}/{p.Epochs}");
            _inner.Report(p);
        }
    }
}
