using System.Security.Cryptography;
using Nas.Spaces.Macro;
using Nas.Strategies;

namespace Nas.Tests.Cli;

/// <summary>
/// <c>nas train</c>'s bad inputs: one line naming what is wrong, a non-zero exit, no stack trace, refused before
/// any data is read or epoch trained, and nothing the user owns changed.
/// </summary>
public class TrainInputTests : IClassFixture<TrainInputTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-train-in-", train: 120, test: 40);

    private readonly Workspace _w;
    public TrainInputTests(Workspace w) => _w = w;

    private string Architecture()
    {
        var path = Path.Combine(_w.Root, "arch.json");
        if (!File.Exists(path))
            File.WriteAllText(path, ArchitectureSampler.Sample(MacroSpace.Create(new(Layers: 2)), new Random(1)).ToJson());
        return path;
    }

    private static void OneLine(NasProcess.Result r, int exitCode = 1)
    {
        Assert.Equal(exitCode, r.ExitCode);
        Assert.Single(r.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", r.All);
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void A_finished_model_is_not_overwritten_unless_asked()
    {
        var outDir = Path.Combine(_w.Root, "finished");
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "result.json"), "{\"test_accuracy\": 0.9}");
        File.WriteAllBytes(Path.Combine(outDir, "model.bin"), [1, 2, 3]);
        string result = Hash(Path.Combine(outDir, "result.json")), model = Hash(Path.Combine(outDir, "model.bin"));
        // A data directory that does not exist: the refusal must come first, before any data is read.
        var r = NasProcess.Run(_w.Root, "train", "--arch", Architecture(), "--data-dir", Path.Combine(_w.Root, "no-data"), "--out", outDir);
        OneLine(r);
        Assert.Contains($"{outDir} holds a finished model (result.json); choose another --out or add --overwrite", r.Error);
        Assert.Equal(result, Hash(Path.Combine(outDir, "result.json")));
        Assert.Equal(model, Hash(Path.Combine(outDir, "model.bin")));

        var again = NasProcess.Run(_w.Root, "train", "--arch", Architecture(), "--data-dir", _w.Data, "--epochs", "1", "--batch-size", "40",
            "--out", outDir, "--overwrite");
        Assert.True(again.ExitCode == 0, again.All);
        Assert.NotEqual(result, Hash(Path.Combine(outDir, "result.json")));
        Assert.NotEqual(model, Hash(Path.Combine(outDir, "model.bin")));
    }

    [Fact]
    public void An_out_that_is_a_file_or_cannot_be_written_is_refused_before_any_work()
    {
        var file = Path.Combine(_w.Root, "a-file");
        File.WriteAllText(file, "mine");
        var r = NasProcess.Run(_w.Root, "train", "--arch", Architecture(), "--data-dir", Path.Combine(_w.Root, "no-data"), "--out", file);
        OneLine(r);
        Assert.Contains($"--out: {file} is a file, not a directory", r.Error);
        Assert.Equal("mine", File.ReadAllText(file));

        var proc = NasProcess.Run(_w.Root, "train", "--arch", Architecture(), "--data-dir", Path.Combine(_w.Root, "no-data"), "--out", "/proc/nas-out");
        OneLine(proc);
        Assert.Contains("--out: /proc/nas-out cannot be written", proc.Error);

        var text = NasProcess.Run(_w.Root, "train", "--arch", "lstm", "--dataset", "text:/no/such/file", "--out", "/proc/nas-out");
        OneLine(text);
        Assert.Contains("--out: /proc/nas-out cannot be written", text.Error);
    }

    [Fact]
    public void A_binary_file_is_not_a_text_data_set()
    {
        var r = NasProcess.Run(_w.Root, "train", "--arch", "lstm", "--dataset", "text:/bin/ls", "--out", Path.Combine(_w.Root, "ls"));
        OneLine(r);
        Assert.Contains("/bin/ls is not a text file", r.Error);
        var dir = NasProcess.Run(_w.Root, "train", "--arch", "lstm", "--dataset", "text:" + _w.Data, "--out", Path.Combine(_w.Root, "dir"));
        OneLine(dir);
        Assert.Contains($"{_w.Data} is a directory", dir.Error);
    }

    [Fact]
    public void An_architecture_file_of_an_unknown_format_version_is_named()
    {
        var path = Path.Combine(_w.Root, "future.json");
        File.WriteAllText(path, File.ReadAllText(Architecture()).Replace("nas-architecture/1", "nas-architecture/7"));
        var r = NasProcess.Run(_w.Root, "train", "--arch", path, "--data-dir", _w.Data, "--out", Path.Combine(_w.Root, "future"));
        OneLine(r);
        Assert.Contains($"{path}: format 'nas-architecture/7' is not known", r.Error);
    }

    [Fact]
    public void A_recurrent_architecture_on_an_image_data_set_says_it_is_for_text()
    {
        var r = NasProcess.Run(_w.Root, "train", "--arch", "lstm", "--data-dir", _w.Data, "--out", Path.Combine(_w.Root, "lstm"));
        OneLine(r, exitCode: 2);
        Assert.Contains("--arch 'lstm' is for text data sets (ptb or text:FILE)", r.Error);
        var dag = Path.Combine(_w.Root, "dag.json");
        File.WriteAllText(dag, Nas.Spaces.Recurrent.RnnDagSpace.FromGenotype(Nas.Spaces.Recurrent.PublishedRecurrentGenotypes.Find("DARTS_V2")!).ToJson());
        var file = NasProcess.Run(_w.Root, "train", "--arch", dag, "--data-dir", _w.Data, "--out", Path.Combine(_w.Root, "dag"));
        OneLine(file, exitCode: 2);
        Assert.Contains("space is for text data sets (ptb or text:FILE)", file.Error);
    }
}
