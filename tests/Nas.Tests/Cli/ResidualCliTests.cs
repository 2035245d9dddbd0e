using System.Text.Json;
using Nas.Architectures;
using Nas.Cli;
using Nas.Search;
using Nas.Spaces.Residual;
using Nas.Store;
using Nas.Strategies;
using Nas.Tests.Search;
using Nas.Torch.Search;

namespace Nas.Tests.Cli;

/// <summary>The residual space through the CLI, in this process: a search over it, and the baseline trained by name.</summary>
[Collection(nameof(InProcessCli))]
public class ResidualCliTests : IClassFixture<ResidualCliTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-residual-", train: 720, test: 40);

    private readonly Workspace _w;
    public ResidualCliTests(Workspace w) => _w = w;

    [Fact]
    public async Task A_random_search_over_the_residual_space_runs_and_writes_a_residual_best()
    {
        var run = Path.Combine(_w.Root, "search");
        int rc = await NasCli.RunAsync(["search", "random", "--space", ResidualSpace.Name, "--trials", "2", "--epochs", "1", "--subset", "500",
            "--validation", "200", "--stages", "2", "--data-dir", _w.Data, "--threads", "1", "--seed", "4", "--out", run], SearchCatalog.Default);
        Assert.Equal(0, rc);
        var best = Architecture.FromJson(File.ReadAllText(Path.Combine(run, "best.json")));
        Assert.Equal(ResidualSpace.Name, best.Space.Name);
        Assert.Equal(2, ResidualSpace.Decode(best).Stages.Count); // --stages reached the space
        using var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false);
        var trials = store.Trials();
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
    }

    [Fact]
    public async Task The_baseline_trains_by_name_and_writes_its_result()
    {
        var run = Path.Combine(_w.Root, "train");
        int rc = await NasCli.RunAsync(["train", "--arch", ResidualSpace.BaselineName, "--epochs", "1", "--data-dir", _w.Data,
            "--batch-size", "64", "--threads", "1", "--seed", "1", "--out", run], SearchCatalog.Default);
        Assert.Equal(0, rc);
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "result.json")));
        var root = result.RootElement;
        Assert.InRange(root.GetProperty("test_accuracy").GetDouble(), 0, 1);
        Assert.Equal(40, root.GetProperty("test_examples").GetInt32());
        // The baseline with a classifier for the data set's classes (the tiny set's IDX files are Fashion-MNIST's: 10).
        Assert.Equal(482_154, root.GetProperty("parameters").GetInt64());
        Assert.Equal(ResidualSpace.Baseline, Architecture.FromJson(File.ReadAllText(Path.Combine(run, "architecture.json"))));
    }

    [Fact]
    public async Task Cell_network_sizes_are_refused_for_the_baseline()
    {
        var run = Path.Combine(_w.Root, "train-cells");
        int rc = await NasCli.RunAsync(["train", "--arch", ResidualSpace.BaselineName, "--init-channels", "8", "--data-dir", _w.Data, "--out", run],
            SearchCatalog.Default);
        Assert.Equal(2, rc);
        Assert.False(Directory.Exists(run));
    }
}
