using Nas.Architectures;
using Nas.Cli;
using Nas.Search;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Store;
using Nas.Strategies;
using Nas.Tests.Cli;
using Nas.Tests.Search.Toys;
using Nas.Torch.Ops;
using Nas.Torch.Search;

namespace Nas.Tests.Search;

/// <summary>Definitions for the tests that run the CLI in this process (it sets process-wide things: threads, the console).</summary>
[CollectionDefinition(nameof(InProcessCli), DisableParallelization = true)]
public sealed class InProcessCli;

/// <summary>
/// A strategy, a space and an op written outside the library, each one file (in Toys/) and one registration line,
/// run end to end through the CLI: the strategy's and the space's settings become flags, and the results are files.
/// </summary>
[Collection(nameof(InProcessCli))]
public class RegistrationTests : IClassFixture<RegistrationTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-registration-", train: 160, test: 20);

    private readonly Workspace _w;
    public RegistrationTests(Workspace w) => _w = w;

    private static SearchCatalog CatalogWithToyStrategy()
    {
        var strategies = new StrategyCatalog();
        strategies.Register(RandomSearch.Registration);
        strategies.Register(ToyStrategy.Registration); // the strategy's one registration line
        return new SearchCatalog(strategies, SpaceCatalog.Default);
    }

    private string[] Tiny(string run, params string[] more) =>
        ["--data-dir", _w.Data, "--subset", "64", "--validation", "32", "--epochs", "1", "--batch-size", "32", "--threads", "1", "--seed", "2", "--out", run, .. more];

    [Fact]
    public async Task A_new_strategy_and_a_new_space_run_through_the_cli_with_their_settings_as_flags()
    {
        SpaceCatalog.Default.Register(new ToySpace()); // the space's one registration line
        var run = Path.Combine(_w.Root, "toy");
        int rc = await NasCli.RunAsync(["search", "toy", "--space", ToySpace.SpaceName, "--widest", "6", "--toy-stubborn", "3", "--trials", "4", .. Tiny(run)], CatalogWithToyStrategy());
        Assert.Equal(0, rc);
        var best = Architecture.FromJson(File.ReadAllText(Path.Combine(run, "best.json")));
        Assert.Equal(ToySpace.SpaceName, best.Space.Name);
        Assert.Contains(best.Option("width").AsInt, new[] { 3, 6 });
        using var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false);
        var trials = store.Trials();
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Single(trials.Take(3).Select(t => t.ArchitectureJson).Distinct()); // stubborn = 3: one architecture three times
        var configuration = store.LoadConfiguration()!;
        Assert.Contains("\"stubborn\": 3", configuration);
        Assert.Contains("\"widest\": 6", configuration);
    }

    [Fact]
    public async Task A_bad_value_of_a_new_strategys_setting_is_named_by_its_flag()
    {
        var run = Path.Combine(_w.Root, "toy-bad");
        int rc = await NasCli.RunAsync(["search", "toy", "--toy-stubborn", "-1", "--trials", "2", .. Tiny(run)], CatalogWithToyStrategy());
        Assert.Equal(2, rc);
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public async Task A_new_op_is_searched_in_a_cell_space()
    {
        OpRegistry.Default.Register(ToyOp.OpName, (c, s, affine) => new ToyOp(c, s)); // the op's one registration line
        var run = Path.Combine(_w.Root, "toy-op");
        int rc = await NasCli.RunAsync(["search", "random", "--space", DartsCellSpace.Name, "--ops", $"{ToyOp.OpName},skip_connect", "--nodes", "2",
            "--init-channels", "4", "--cells", "3", "--trials", "2", .. Tiny(run)], SearchCatalog.Default);
        Assert.Equal(0, rc);
        var best = Architecture.FromJson(File.ReadAllText(Path.Combine(run, "best.json")));
        var genotype = CellSpace.ToGenotype(best);
        Assert.All(genotype.Normal.Concat(genotype.Reduce), e => Assert.Contains(e.Op, new[] { ToyOp.OpName, CellOps.SkipConnect }));
        using var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false);
        Assert.All(store.Trials(), t => Assert.Equal(TrialStatus.Completed, t.Status));
    }
}
