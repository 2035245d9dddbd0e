using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces.Cells;
using Nas.Store;
using Nas.Tests.Cli;

namespace Nas.Tests.OneShot;

/// <summary>One-shot searches through the real executable, on tiny generated IDX data.</summary>
public class OneShotCliTests : IClassFixture<OneShotCliTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-oneshot-", train: 200, test: 20);

    private readonly Workspace _w;
    public OneShotCliTests(Workspace w) => _w = w;

    private string[] Args(string strategy, string output, params string[] extra) =>
        new[] { "search", strategy, "--space", "darts-cell", "--dataset", "fashion-mnist", "--data-dir", _w.Data,
            "--epochs", "2", "--subset", "32", "--validation", "16", "--init-channels", "2", "--cells", "3", "--batch-size", "16",
            "--seed", "2", "--out", Path.Combine(_w.Root, output) }.Concat(extra).ToArray();

    [Theory]
    [InlineData("darts", "darts", "--max-skip", "1")]
    [InlineData("snas", "snas", "--resource", "madds")]
    public void Search_records_epochs_and_writes_best(string strategy, string kind, string option, string value)
    {
        var r = NasProcess.Run(_w.Root, Args(strategy, strategy, strategy == "snas" ? new[] { option, value, "--resource-weight", "0.5" } : new[] { option, value }));
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("derived: normal: ", r.Output);
        string dir = Path.Combine(_w.Root, strategy);
        var best = Architecture.FromJson(File.ReadAllText(Path.Combine(dir, "best.json")));
        var genotype = Genotype.FromJson(File.ReadAllText(Path.Combine(dir, "genotype.json")));
        Assert.Equal(genotype, CellSpace.ToGenotype(best));
        if (strategy == "darts") Assert.True(genotype.Normal.Count(e => e.Op == CellOps.SkipConnect) <= 1);
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(dir, "best.svg")).TrimStart());
        using (var store = SqliteExperimentStore.Open(Path.Combine(dir, "experiment.db"), create: false))
        {
            var steps = store.Steps(kind);
            Assert.Equal(2, steps.Count);
            var last = JsonDocument.Parse(steps[^1].Json).RootElement;
            Assert.Equal(genotype, Genotype.FromJson(last.GetProperty("genotype")));
            Assert.Equal(14, last.GetProperty("alpha_softmax").GetProperty("normal").GetArrayLength());
            Assert.True(last.GetProperty("entropy").GetDouble() > 0);
            // The steps alone are timed apart from the epoch (deriving and validating come after them).
            double stepSeconds = last.GetProperty("step_seconds").GetDouble(), epoch = last.GetProperty("seconds").GetDouble();
            Assert.True(stepSeconds > 0 && stepSeconds <= epoch, $"step_seconds {stepSeconds}, seconds {epoch}");
            Assert.Equal(kind == "snas", last.TryGetProperty("expected_cost", out _));
            Assert.Contains($"\"method\": \"{strategy}\"", store.LoadConfiguration());
        }
        var show = NasProcess.Run(_w.Root, "show", dir);
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains($"search log: {kind}", show.Output);
    }

    [Theory]
    [InlineData("--resource", "flops", "--resource")]
    [InlineData("--cells", "2", "--cells")]
    public void Bad_values_give_one_line_naming_the_option(string option, string value, string named)
    {
        var args = Args("snas", "bad").ToList();
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange(new[] { option, value });
        var r = NasProcess.Run(_w.Root, args.ToArray());
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(named, r.Error);
        Assert.DoesNotContain("   at ", r.All);
    }
}
