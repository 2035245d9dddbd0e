using Nas.Architectures;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Tests.Cli;

/// <summary>The CLI contract, end to end on tiny generated IDX data, through the real executable.</summary>
public class CliEndToEndTests : IClassFixture<CliEndToEndTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-cli-", train: 400, test: 120);

    private readonly Workspace _w;
    public CliEndToEndTests(Workspace w) => _w = w;

    private static void NoStackTrace(NasProcess.Result r) => Assert.DoesNotContain("   at ", r.All);

    [Fact]
    public void A_warm_started_constrained_screened_search_keeps_its_limit_and_records_what_it_used()
    {
        string[] common = ["--space", "macro", "--dataset", "fashion-mnist", "--data-dir", _w.Data, "--epochs", "1", "--subset", "200",
            "--validation", "100", "--layers", "3", "--batch-size", "50"];
        var earlier = Path.Combine(_w.Root, "warm-earlier");
        var first = NasProcess.Run(_w.Root, ["search", "random", "--trials", "3", "--seed", "5", "--out", earlier, .. common]);
        Assert.True(first.ExitCode == 0, first.All);

        var run = Path.Combine(_w.Root, "warm-run");
        var search = NasProcess.Run(_w.Root, ["search", "evolution", "--warm-start", earlier, "--max-params", "60000", "--surrogate-screen", "3",
            "--surrogate-startup", "2", "--trials", "3", "--seed", "6", "--out", run, .. common]);
        Assert.True(search.ExitCode == 0, search.All);
        NoStackTrace(search);
        using var store = SqliteExperimentStore.OpenReadOnly(Path.Combine(run, "experiment.db"));
        var trials = store.Trials();
        Assert.Equal(3, trials.Count);
        Assert.All(trials, t => Assert.InRange(t.Parameters!.Value, 1, 60000));
        var configuration = System.Text.Json.Nodes.JsonNode.Parse(store.LoadConfiguration()!)!;
        Assert.Equal(3, (int)configuration["warm_start_trials"]!);
        Assert.Equal(60000, (int)configuration["settings"]!["constraints"]!["max_params"]!);
        Assert.Equal(3, (int)configuration["settings"]!["surrogate"]!["screen"]!);
        Assert.Contains(store.Steps(), s => s.Kind == "surrogate");
    }

    [Fact]
    public void A_latency_pareto_search_records_each_trials_latency_and_show_prints_its_front()
    {
        var run = Path.Combine(_w.Root, "pareto-run");
        var search = NasProcess.Run(_w.Root, ["search", "nsga2", "--objective", "latency", "--population", "2", "--max-latency", "1000",
            "--inherit-weights", "--space", "macro", "--dataset", "fashion-mnist", "--data-dir", _w.Data, "--epochs", "2", "--subset", "200",
            "--validation", "100", "--layers", "3", "--batch-size", "50", "--trials", "4", "--seed", "7", "--out", run]);
        Assert.True(search.ExitCode == 0, search.All);
        NoStackTrace(search);
        using (var store = SqliteExperimentStore.OpenReadOnly(Path.Combine(run, "experiment.db")))
        {
            var trials = store.Trials();
            Assert.Equal(4, trials.Count);
            Assert.All(trials, t => Assert.InRange(t.LatencyMilliseconds!.Value, 1e-6, 1000));
            var configuration = System.Text.Json.Nodes.JsonNode.Parse(store.LoadConfiguration()!)!;
            Assert.NotNull(configuration["latency"]);
            Assert.Equal(1, (int)configuration["settings"]!["inherit"]!["epochs"]!);
            // Children of the two random members inherit and train one epoch instead of two.
            Assert.Contains(trials, t => t.Epochs.Count == 1);
            Assert.Equal(2, trials.Count(t => t.Epochs.Count == 2));
        }

        var show = NasProcess.Run(_w.Root, "show", run);
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains("Pareto front (accuracy against latency):", show.Output);
        Assert.Contains(" ms ", show.Output); // the latency column
        Assert.Contains("Accuracy against predicted latency", File.ReadAllText(Path.Combine(run, "report.html")));
        Assert.Contains("hypervolume", show.Output);
        var byParams = NasProcess.Run(_w.Root, "show", run, "--pareto", "params", "--json");
        Assert.True(byParams.ExitCode == 0, byParams.All);
        var pareto = System.Text.Json.JsonDocument.Parse(byParams.Output).RootElement.GetProperty("pareto");
        Assert.Equal("params", pareto.GetProperty("objective").GetString());
        Assert.Equal(4, pareto.GetProperty("trials").GetInt32());
        Assert.InRange(pareto.GetProperty("front").GetArrayLength(), 1, 4);
    }

    [Fact]
    public void Search_then_show_then_train()
    {
        var run = Path.Combine(_w.Root, "run");
        var search = NasProcess.Run(_w.Root, "search", "random", "--space", "macro", "--dataset", "fashion-mnist", "--data-dir", _w.Data,
            "--trials", "2", "--epochs", "1", "--subset", "200", "--validation", "100", "--layers", "3", "--batch-size", "50", "--seed", "4", "--out", run);
        Assert.True(search.ExitCode == 0, search.All);
        Assert.Contains("best: trial", search.Output);
        Assert.True(File.Exists(Path.Combine(run, "best.json")));
        var best = Architecture.FromJson(File.ReadAllText(Path.Combine(run, "best.json")));
        Assert.Equal("macro", best.Space.Name);
        using (var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false))
        {
            var trials = store.Trials();
            Assert.Equal(2, trials.Count);
            Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
            Assert.All(trials, t => Assert.Single(t.Epochs));
            Assert.Contains("\"subset\": 200", store.LoadConfiguration());
            var top = trials.OrderByDescending(t => t.ValidationAccuracy).ThenBy(t => t.Id).First();
            Assert.Equal(best, Architecture.FromJson(top.ArchitectureJson));
        }

        var show = NasProcess.Run(_w.Root, "show", run);
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains("2 trials: 2 completed", show.Output);
        Assert.Contains("(per layer HxW/N", show.Output); // the notation's key beside the best architecture
        var document = NasProcess.Run(_w.Root, "show", run, "--json");
        Assert.True(document.ExitCode == 0, document.All);
        var json = System.Text.Json.JsonDocument.Parse(document.Output).RootElement;
        Assert.Equal(2, json.GetProperty("trials").GetArrayLength());
        Assert.Equal("random", json.GetProperty("configuration").GetProperty("request").GetProperty("method").GetString());
        var bestTrial = json.GetProperty("best_trial").GetInt64();
        var bestEntry = json.GetProperty("trials").EnumerateArray().Single(t => t.GetProperty("id").GetInt64() == bestTrial);
        Assert.Equal(best, Architecture.FromJson(bestEntry.GetProperty("architecture").GetRawText()));
        Assert.Equal("completed", bestEntry.GetProperty("status").GetString());
        Assert.Equal(1, bestEntry.GetProperty("epochs").GetArrayLength());
        Assert.Equal(3, bestEntry.GetProperty("description").GetString()!.Split(' ').Length); // three layers

        var final = Path.Combine(run, "final");
        var train = NasProcess.Run(_w.Root, "train", "--arch", Path.Combine(run, "best.json"), "--dataset", "fashion-mnist", "--data-dir", _w.Data,
            "--epochs", "2", "--batch-size", "50", "--out", final, "--tensorboard", Path.Combine(run, "tb"));
        Assert.True(train.ExitCode == 0, train.All);
        var scalars = Monitoring.TensorBoardEvents.Scalars(Path.Combine(run, "tb"));
        Assert.Equal([1L, 2L], scalars.Where(s => s.Tag == "train/loss").Select(s => s.Step));
        Assert.Contains(scalars, s => s.Tag == "test/test_accuracy" && s.Step == 2);
        Assert.Contains("test accuracy", train.Output);
        Assert.True(File.Exists(Path.Combine(final, "model.bin")));
        var result = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(final, "result.json"))).RootElement;
        Assert.Equal(120, result.GetProperty("test_examples").GetInt32());
        Assert.InRange(result.GetProperty("test_accuracy").GetDouble(), 0.6, 1.0); // three easy classes
        Assert.True(result.GetProperty("parameters").GetInt64() > 0);
        Assert.True(result.GetProperty("multiply_adds").GetInt64() > 0);
        Assert.Equal(1, result.GetProperty("normalization").GetProperty("mean").GetArrayLength()); // the numbers, not a type name
        Assert.True(result.GetProperty("normalization").GetProperty("std")[0].GetDouble() > 0);

        // The trained network as ONNX: ONNX Runtime's logits on the test images are TorchSharp's, from the saved weights.
        var export = NasProcess.Run(_w.Root, "export", final);
        Assert.True(export.ExitCode == 0, export.All);
        var onnx = Path.Combine(final, "model.onnx");
        Assert.Contains(onnx, export.Output);
        var written = File.ReadAllBytes(onnx);
        Assert.InRange(Export.OnnxAgreement.MaxDifference(final, _w.Data), 0, 1e-4);
        var twice = NasProcess.Run(_w.Root, "export", final);
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains("--overwrite", twice.Error);
        Assert.Equal(written, File.ReadAllBytes(onnx));
        Assert.Equal(0, NasProcess.Run(_w.Root, "export", final, "--overwrite").ExitCode);

        // nas report: one HTML file, written at the end of the search and again on demand (now with the final training).
        Assert.True(File.Exists(Path.Combine(run, "report.html")));
        var report = NasProcess.Run(_w.Root, "report", run);
        Assert.True(report.ExitCode == 0, report.All);
        var html = File.ReadAllText(Path.Combine(run, "report.html"));
        foreach (var part in new[] { "Validation accuracy by trial", "Accuracy against parameters", "Pareto front", "Final training", "test accuracy", "All trials", "<svg" })
            Assert.Contains(part, html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotMatch("(src|href)=\"https?:", html); // opens offline: nothing fetched
        var nowhere = NasProcess.Run(_w.Root, "report", Path.Combine(_w.Root, "nowhere"));
        Assert.Equal(1, nowhere.ExitCode);
        Assert.Contains("no experiment here", nowhere.Error); // the path is named, not --out
        NoStackTrace(nowhere);
        var trainReport = File.ReadAllText(Path.Combine(final, "report.html")); // nas train writes its own
        Assert.Contains("Training loss", trainReport);
        Assert.Contains("test accuracy", trainReport);

        // nas predict: the same top classes from the weights (TorchSharp) and from the .onnx file (ONNX Runtime).
        var images = Directory.GetFiles(_w.Data, "t10k-images*").Single();
        var byTorch = NasProcess.Run(_w.Root, "predict", "--model", final, "--input", images, "--csv", "--top", "2");
        var byOnnx = NasProcess.Run(_w.Root, "predict", "--model", onnx, "--input", images, "--csv", "--top", "2");
        Assert.True(byTorch.ExitCode == 0 && byOnnx.ExitCode == 0, byTorch.All + byOnnx.All);
        static string[] Classes(string csv) => csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => string.Join(',', l.Split(',').Take(4))).ToArray();
        Assert.Equal(2 * 120, Classes(byTorch.Output).Length);
        Assert.Equal(Classes(byTorch.Output), Classes(byOnnx.Output));
        var png = Path.Combine(_w.Root, "one.png");
        using (var bitmap = new SkiaSharp.SKBitmap(20, 16))
        {
            bitmap.Erase(new SkiaSharp.SKColor(200, 30, 30));
            using var file = File.Create(png);
            bitmap.Encode(file, SkiaSharp.SKEncodedImageFormat.Png, 100);
        }
        var picture = NasProcess.Run(_w.Root, "predict", "--model", onnx, "--input", png, "--json");
        Assert.True(picture.ExitCode == 0, picture.All);
        var classes = System.Text.Json.JsonDocument.Parse(picture.Output).RootElement.GetProperty("predictions")[0].GetProperty("top");
        Assert.Equal(3, classes.GetArrayLength());
        Assert.Contains(classes[0].GetProperty("name").GetString(), new[] { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot" });
        var missing = NasProcess.Run(_w.Root, "predict", "--model", onnx, "--input", Path.Combine(_w.Root, "nothing.png"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nothing.png: no such file", missing.Error);
        NoStackTrace(missing);

        // A second search into the same directory must refuse and leave the experiment as it was.
        var again = NasProcess.Run(_w.Root, "search", "random", "--data-dir", _w.Data, "--trials", "1", "--out", run);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already holds an experiment", again.Error);
        using var after = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false);
        Assert.Equal(2, after.Trials().Count);
    }

    [Fact]
    public void Show_lists_the_search_log_by_kind()
    {
        var db = Path.Combine(_w.Root, "log", "experiment.db");
        using (var store = Nas.Store.SqliteExperimentStore.Open(db))
        {
            store.AddStep("controller", 1, "{\"mean_reward\":0.8125,\"baseline\":0.5,\"alpha\":[[0.1,0.9]]}");
            store.AddStep("controller", 2, "{\"mean_reward\":0.875,\"baseline\":0.6}");
        }
        var r = NasProcess.Run(_w.Root, "show", Path.GetDirectoryName(db)!);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("search log: controller", r.Output);
        Assert.Contains("mean_reward", r.Output);
        Assert.Contains("0.8125", r.Output);
        Assert.DoesNotContain("alpha", r.Output); // nested values only with --full
        var full = NasProcess.Run(_w.Root, "show", Path.GetDirectoryName(db)!, "--full");
        Assert.Contains("alpha", full.Output);
    }

    [Fact]
    public void Inspect_counts_published_cells_as_the_reference_does()
    {
        var r = NasProcess.Run(_w.Root, "inspect", "--arch", "DARTS_V2", "--network", "cifar", "--init-channels", "36", "--cells", "20",
            "--classes", "10", "--input", "3x32x32", "--auxiliary");
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("parameters: 3349342 ", r.Output); // DARTS's train.py logs 3.349342 MB for this network
        Assert.Matches(@"auxiliary head parameters: [1-9]\d+", r.Output);
        Assert.Matches(@"multiply-adds: [1-9]\d{8} ", r.Output);
        var bad = NasProcess.Run(_w.Root, "inspect", "--arch", "DARTS_V9");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("no published cell of that name", bad.Error);
        var shape = NasProcess.Run(_w.Root, "inspect", "--arch", "DARTS", "--input", "3x32");
        Assert.Equal(1, shape.ExitCode);
        Assert.Contains("--input", shape.Error);
        // The data set's shape: the baseline has 482,154 parameters on Fashion-MNIST's 1x28x28 (482,730 on 3x32x32).
        var fashion = NasProcess.Run(_w.Root, "inspect", "--arch", "resnet-baseline", "--dataset", "fashion-mnist");
        Assert.True(fashion.ExitCode == 0, fashion.All);
        Assert.Contains("input 1x28x28, 10 classes", fashion.Output);
        Assert.Contains("parameters: 482154 ", fashion.Output);
        var unknown = NasProcess.Run(_w.Root, "inspect", "--arch", "resnet-baseline", "--dataset", "imagenet");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("--dataset: unknown data set 'imagenet'", unknown.Error);
    }

    [Fact]
    public void Inspect_counts_the_ptb_language_model_of_a_published_recurrent_cell()
    {
        // 10,000*850 embedding (tied) + 10,000 decoder bias + 1,700*1,700 W0 + 8*850*1,700 steps
        var r = NasProcess.Run(_w.Root, "inspect", "--arch", "DARTS_V2", "--network", "ptb");
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("parameters: 22960000 ", r.Output);
        Assert.Contains("multiply-adds per token: 22950000 ", r.Output);
        var bad = NasProcess.Run(_w.Root, "inspect", "--arch", "NASNet", "--network", "ptb");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("no published recurrent cell", bad.Error);
    }

    [Fact]
    public void Draw_writes_svg_or_dot_of_a_published_cell_or_a_genotype_file()
    {
        var svg = Path.Combine(_w.Root, "pics", "cells.svg");
        var r = NasProcess.Run(_w.Root, "draw", "--arch", "DARTS_V2", "--out", svg);
        Assert.True(r.ExitCode == 0, r.All);
        var text = File.ReadAllText(svg);
        Assert.StartsWith("<svg", text);
        Assert.Contains("dil_conv_3x3", text);
        var genotypeFile = Path.Combine(_w.Root, "pics", "enas.json");
        File.WriteAllText(genotypeFile, Nas.Spaces.Cells.PublishedGenotypes.Get("ENAS").ToJson());
        var dot = NasProcess.Run(_w.Root, "draw", "--arch", genotypeFile, "--format", "dot", "--cell", "normal");
        Assert.True(dot.ExitCode == 0, dot.All);
        Assert.Contains("digraph", dot.Output);
        var macro = NasProcess.Run(_w.Root, "draw", "--arch", "DARTS", "--cell", "middle");
        Assert.Equal(1, macro.ExitCode);
        Assert.Contains("--cell", macro.Error);
    }

    [Fact]
    public void Reinforce_with_two_workers_logs_controller_updates()
    {
        var run = Path.Combine(_w.Root, "rl");
        var search = NasProcess.Run(_w.Root, "search", "reinforce", "--space", "macro", "--controller-batch", "2", "--workers", "2",
            "--dataset", "fashion-mnist", "--data-dir", _w.Data, "--trials", "4", "--epochs", "1", "--subset", "100", "--validation", "50",
            "--layers", "2", "--batch-size", "50", "--seed", "4", "--out", run);
        Assert.True(search.ExitCode == 0, search.All);
        using (var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false))
        {
            Assert.Equal(4, store.Trials().Count(t => t.Status == TrialStatus.Completed));
            Assert.Equal(2, store.Steps("controller").Count);
            Assert.NotNull(store.LoadState("reinforce"));
            var config = store.LoadConfiguration()!;
            Assert.Contains("\"workers\": 2", config);
            Assert.Contains("\"baseline_decay\": 0.95", config);
        }
        var show = NasProcess.Run(_w.Root, "show", run);
        Assert.Contains("search log: controller", show.Output);
        Assert.Contains("mean_reward", show.Output);

        var bad = NasProcess.Run(_w.Root, "search", "evolution", "--population", "4", "--tournament", "5", "--data-dir", _w.Data, "--out", Path.Combine(_w.Root, "bad"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--tournament", bad.Error);
        NoStackTrace(bad);
    }

    [Fact]
    public void Missing_data_says_how_to_get_it()
    {
        var r = NasProcess.Run(_w.Root, "search", "random", "--data-dir", Path.Combine(_w.Root, "nowhere"), "--trials", "1", "--out", Path.Combine(_w.Root, "x"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("nowhere", r.Error);
        NoStackTrace(r);
        var cifar = NasProcess.Run(_w.Root, "train", "--arch", "whatever.json", "--dataset", "cifar10");
        Assert.NotEqual(0, cifar.ExitCode);
        NoStackTrace(cifar);
    }

    [Fact]
    public void A_truncated_data_file_is_named()
    {
        var dir = Path.Combine(_w.Root, "truncated");
        IdxFiles.WriteDataset(dir, train: 50, test: 20);
        var path = Path.Combine(dir, "train-images-idx3-ubyte");
        File.Delete(path + ".gz");
        File.WriteAllBytes(path, new byte[] { 0, 0, 8, 3, 0, 0, 0, 50, 0, 0, 0, 12, 0, 0, 0, 12, 1, 2, 3 });
        var r = NasProcess.Run(_w.Root, "search", "random", "--data-dir", dir, "--trials", "1", "--validation", "10", "--out", Path.Combine(_w.Root, "t"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("train-images-idx3-ubyte", r.Error);
        Assert.Contains("truncated", r.Error);
        NoStackTrace(r);
    }

    [Fact]
    public void An_invalid_architecture_file_names_the_decision()
    {
        var arch = ArchitectureSampler.Sample(Nas.Spaces.Macro.MacroSpace.Create(new(Layers: 3)), new Random(1));
        var path = Path.Combine(_w.Root, "bad.json");
        File.WriteAllText(path, arch.ToJson().Replace("\"L2.filters\": " + arch.Option("L2.filters"), "\"L2.filters\": 999"));
        var r = NasProcess.Run(_w.Root, "train", "--arch", path, "--data-dir", _w.Data);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("bad.json", r.Error);
        Assert.Contains("L2.filters", r.Error);
        Assert.Contains("999", r.Error);
        NoStackTrace(r);
    }

    [Theory]
    [InlineData("search", "random", "--no-such-option", "--no-such-option")]
    [InlineData("search", "random", "--trials", "0", "--trials")]
    [InlineData("search", "random", "--time-budget", "soon", "--time-budget")]
    [InlineData("search", "magic", "magic")]
    [InlineData("search", "random", "--device", "tpu", "tpu")]
    [InlineData("show", "/no/such/dir", "/no/such/dir")]
    public void Bad_options_are_named_without_a_stack_trace(params string[] argsAndExpected)
    {
        var args = argsAndExpected[..^1];
        var r = NasProcess.Run(_w.Root, args.Concat(new[] { "--data-dir", _w.Data }).Where(a => !(args[0] == "show" && (a == "--data-dir" || a == _w.Data))).ToArray());
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(argsAndExpected[^1], r.Error);
        NoStackTrace(r);
    }

    [Fact]
    public void Help_explains_every_option_with_its_default()
    {
        var r = NasProcess.Run(_w.Root, "search", "random", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var option in new[] { "--space", "--trials", "--time-budget", "--epochs", "--subset", "--seed", "--out", "--dataset", "--data-dir", "--learning-rate" })
            Assert.Contains(option, r.Output);
        Assert.Contains("--device", r.Output); // named among the advanced training settings
        Assert.Contains("[default: 2]", r.Output);       // --epochs for search
        var all = NasProcess.Run(_w.Root, "search", "--help");
        foreach (var method in new[] { "random", "evolution", "local", "tpe", "reinforce", "bananas", "enas", "darts", "darts-2nd", "snas" })
            Assert.Contains(method, all.Output);
        var train = NasProcess.Run(_w.Root, "train", "--help");
        Assert.Contains("[default: 20]", train.Output);  // --epochs for train
    }
}
