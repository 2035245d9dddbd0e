using System.CommandLine;
using Nas.Cli.Console;
using Nas.Cli.Settings;
using Nas.Evaluation;
using Nas.Search;
using Nas.Spaces;
using Nas.Torch.Final;
using Nas.Torch.Runtime;
using Nas.Torch.Search;

namespace Nas.Cli.Commands;

/// <summary>
/// <c>nas train</c>: trains an architecture from scratch on the whole training set and reports its result on the test
/// set, which nothing else ever looks at. Its options are the library's final-training settings for images and for
/// text (<see cref="FinalTraining.Settings"/>); the help shows those of the data set given.
/// </summary>
internal sealed class TrainCommand
{
    private static readonly string[] HelpTokens = ["-h", "--help", "-?"];

    public TrainCommand()
    {
        foreach (var task in new[] { SpaceTask.Image, SpaceTask.Language }) Settings.Add(FinalTraining.Settings(task));
        Command = new Command("train", "Train an architecture from scratch on the full training set and measure it on the test set");
        foreach (var o in Own) Command.Options.Add(o);
        Settings.AddTo(Command);
        Command.SetAction((r, ct) => CommandRunner.RunAsync(() => RunAsync(r, ct), FlagOf));
    }

    public Command Command { get; }

    public SettingOptions Settings { get; } = new();

    private Option<string?> Arch { get; } = new("--arch") { HelpName = "FILE|NAME", Description = "the architecture: best.json of a search, a genotype file, a published cell (DARTS_V2, NASNet, ...; on text: DARTS_V1, DARTS_V2, ENAS), a named network (resnet-baseline) or lstm (text)" };
    private Option<string?> Output { get; } = new("--out") { HelpName = "DIR", Description = "directory for model.bin and result.json (default: final/ beside the architecture file); a checkpoint is kept there after every epoch until the run ends" };
    private Option<bool> Resume { get; } = new("--resume") { Description = "continue the run whose checkpoint is in --out (the same options again), from its last finished epoch" };
    private Option<bool> Overwrite { get; } = new("--overwrite") { Description = "replace the finished model (model.bin, result.json) already in --out" };
    private Option<string?> Seed { get; } = new("--seed") { HelpName = "N", Description = "random seed: the same seed trains the same weights on the CPU [default: 1]" };
    private Option<string?> Threads { get; } = new("--threads") { HelpName = "N", Description = "libtorch threads (default: one per core for images, one for language models)" };

    private Option<string?> TensorBoard { get; } = new("--tensorboard") { HelpName = "DIR", Description = "also write per-epoch scalars for TensorBoard into DIR (train/loss, train/accuracy, train/seconds, train/images_per_second; test/... at the end)" };

    private Option[] Own => [Arch, Output, Resume, Overwrite, Seed, Threads, TensorBoard];

    private string FlagOf(string path) => path == "seed" ? "--seed" : Settings.Find(path)?.Option.Name ?? SettingFlags.Flag(path);

    /// <summary>The help for the data set named on the command line (images unless it is text).</summary>
    public static bool PrintHelp(TrainCommand train, string[] args)
    {
        if (args.Length == 0 || args[0] != "train" || !args.Any(a => HelpTokens.Contains(a))) return false;
        int at = Array.FindIndex(args, a => HelpTokens.Contains(a));
        string? section = at + 1 < args.Length && !args[at + 1].StartsWith('-') ? args[at + 1] : null;
        int d = Array.IndexOf(args, "--dataset");
        var request = new TrainRequest { Architecture = "" };
        if (d > 0 && d + 1 < args.Length) request = request.With("data.dataset", args[d + 1]);
        var task = FinalTraining.TaskOf(request);
        string[] heading =
        [
            "nas train: train an architecture from scratch on the full training set and measure it on the test set once",
            "",
            "Usage: nas train --arch FILE|NAME [options]",
            task == SpaceTask.Language
                ? "This page is for text data sets (language models); nas train --help shows image data sets'."
                : "This page is for image data sets; nas train --dataset text:FILE --help shows language models'.",
        ];
        Environment.ExitCode = SettingsHelp.Print(System.Console.Out, "nas train" + (task == SpaceTask.Language ? " --dataset text:FILE" : ""), heading, train.Own,
            FinalTraining.Settings(task), train.FlagOf, section);
        return true;
    }

    private async Task<int> RunAsync(ParseResult r, CancellationToken ct)
    {
        int seed = r.GetValue(Seed) is { } s ? Setting.Integer("seed", 1, "").Parse(System.Text.Json.Nodes.JsonValue.Create(s), "seed").GetValue<int>() : 1;
        var archText = r.GetValue(Arch) ?? throw new SettingException("architecture", "is needed: a best.json, a genotype file, a published cell (DARTS_V2, NASNet, ...) or a named network (resnet-baseline)");
        var request = Settings.Apply(r, new TrainRequest { Architecture = archText, Seed = seed });
        var task = FinalTraining.TaskOf(request);
        var outDir = r.GetValue(Output) ?? (File.Exists(archText)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(archText))!, "final")
            : Path.Combine("runs", $"train-{archText.ToLowerInvariant()}-{DateTime.Now:yyyyMMdd-HHmmss}"));
        try { FinalOutput.Check(outDir, r.GetValue(Overwrite), r.GetValue(Resume)); }
        catch (FinishedModelException e) { throw new NasUserException($"{e.Directory} holds a finished model ({e.File}); choose another --out or add --overwrite"); }
        int? threads = r.GetValue(Threads) is { } t ? Setting.Integer("threads", null, "", minimum: 0).Parse(System.Text.Json.Nodes.JsonValue.Create(t), "threads").GetValue<int>() : null;
        TorchRuntime.Initialize(SearchThreads.For(task, threads, 1));

        using var run = FinalTraining.Create(request);
        System.Console.Out.WriteLine($"train: {run.Description}");
        System.Console.Out.WriteLine($"  {FigureText.Of(run.Facts)}, {run.Epochs} epochs");
        var log = r.GetValue(TensorBoard) is { } board ? new Torch.Monitoring.TensorBoardLog(board) : null;
        FinalResult result;
        try
        {
            result = await ProgressSink.RunAsync($"train {run.Epochs} epochs", run.Epochs, sink => run.RunAsync(new TrainingSession
            {
                Directory = outDir,
                Resume = r.GetValue(Resume),
                Progress = log is null ? Bar(sink, task) : log.Progress("train", Bar(sink, task)),
                Resumed = done => System.Console.Out.WriteLine($"resuming after epoch {done} of {run.Epochs} from {Path.Combine(outDir, FinalOutput.Checkpoint)}"),
            }, ct));
        }
        catch (UnfinishedRunException e) { throw new NasUserException($"{e.Directory} holds the checkpoint of an unfinished run; add --resume to continue it, or choose another --out"); }
        if (log is not null)
            foreach (var figure in result.Figures) log.Scalar($"test/{figure.Name}", figure.Value, run.Epochs);
        System.Console.Out.WriteLine($"{FigureText.Of(result.Figures)} after {run.Epochs} epochs in {Formats.Seconds(result.Seconds)} (test set, measured once)");
        string? report = task == SpaceTask.Image ? Nas.Reporting.HtmlReport.Write(null, outDir) : null;
        System.Console.Out.WriteLine($"wrote {string.Join(", ", result.Written)}" + (report is null ? "" : $", {report}"));
        return 0;
    }

    /// <summary>Moves the epoch bar and passes batch progress on.</summary>
    private static EpochBar Bar(ProgressSink sink, SpaceTask task) => new(sink, task == SpaceTask.Language ? new PerplexityProgress(sink, "final") : new TrialProgress(sink, "final"));

    private sealed class EpochBar(ProgressSink sink, IProgress<TrainingProgress> inner) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            sink.Overall(p.FinishedEpoch is null ? p.Epoch - 1 : p.Epoch, $"epoch {p.Epoch}/{p.Epochs}");
            inner.Report(p);
        }
    }
}
