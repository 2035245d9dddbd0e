using System.Security.Cryptography;
using Nas.Store;

namespace Nas.Tests.Cli;

/// <summary>A copied or moved experiment resumes where it now is: the original is never written again.</summary>
public class ResumeCopyTests : IClassFixture<ResumeCopyTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-resume-copy-", train: 240, test: 20);

    private readonly Workspace _w;
    public ResumeCopyTests(Workspace w) => _w = w;

    private static Dictionary<string, string> Hashes(string dir) => Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void A_copy_resumes_into_its_own_directory_and_leaves_the_original_alone()
    {
        var original = Path.Combine(_w.Root, "original");
        var first = NasProcess.Run(_w.Root, "search", "random", "--data-dir", _w.Data, "--trials", "2", "--epochs", "1", "--subset", "100", "--validation", "60",
            "--layers", "2", "--batch-size", "50", "--threads", "1", "--out", original);
        Assert.True(first.ExitCode == 0, first.All);
        var copy = Path.Combine(_w.Root, "copy");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(original)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        File.Delete(Path.Combine(copy, "best.json"));
        var before = Hashes(original);

        var resumed = NasProcess.Run(_w.Root, "resume", copy, "--trials", "3");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Equal(before, Hashes(original));
        Assert.True(File.Exists(Path.Combine(copy, "best.json")));
        Assert.Contains($"--out {Path.Combine(copy, "final")}", resumed.Output); // the next step points at the copy
        Assert.DoesNotContain(original + Path.DirectorySeparatorChar, resumed.Output);
        using var store = SqliteExperimentStore.Open(Path.Combine(copy, "experiment.db"), create: false);
        Assert.Equal(3, store.Trials().Count);
    }
}
