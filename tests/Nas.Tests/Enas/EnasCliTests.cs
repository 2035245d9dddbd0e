using Nas.Architectures;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Store;
using Nas.Tests.Cli;

namespace Nas.Tests.Enas;

/// <summary><c>nas search enas</c> end to end on tiny generated IDX data, through the real executable.</summary>
public class EnasCliTests : IClassFixture<EnasCliTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-enas-", train: 160, test: 40);

    private readonly Workspace _w;
    public EnasCliTests(Workspace w) => _w = w;

    private string[] Tiny(string space, string run, params string[] more) => new[]
    {
        "search", "enas", "--space", space, "--dataset", "fashion-mnist", "--data-dir", _w.Data, "--subset", "96", "--validation", "64",
        "--epochs", "2", "--batch-size", "32", "--channels", "4", "--controller-steps", "3", "--validation-batch", "32",
        "--final-samples", "4", "--threads", "1", "--seed", "3", "--out", run,
    }.Concat(space == "enas-cell" ? ["--normal-cells", "1"] : []).Concat(more).ToArray();

    [Fact]
    public void Micro_search_records_its_epochs_and_writes_a_cell_architecture()
    {
        var run = Path.Combine(_w.Root, "micro");
        var search = NasProcess.Run(_w.Root, Tiny("enas-cell", run));
        Assert.True(search.ExitCode == 0, search.All);
        Assert.Contains("epoch 2/2", search.Output);
        var best = Architecture.FromJson(File.ReadAllText(Path.Combine(run, "best.json")));
        Assert.Equal(EnasCellSpace.Name, best.Space.Name);
        using (var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false))
        {
            var epochs = store.Steps("enas");
            Assert.Equal(2, epochs.Count);
            Assert.All(epochs, s => Assert.Contains("mean_reward", s.Json));
            Assert.Equal(4, store.Steps("enas-derive").Count);
            Assert.Contains("\"method\": \"enas\"", store.LoadConfiguration());
            Assert.NotNull(store.LoadState("enas-controller"));
        }
        var show = NasProcess.Run(_w.Root, "show", run);
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains("search log: enas", show.Output);
        Assert.Contains("shared_loss", show.Output);
    }

    [Fact]
    public void Macro_search_then_train_of_the_best_child()
    {
        var run = Path.Combine(_w.Root, "macro");
        var search = NasProcess.Run(_w.Root, Tiny("enas-macro", run, "--layers", "3", "--pool-after", "1"));
        Assert.True(search.ExitCode == 0, search.All);
        var bestPath = Path.Combine(run, "best.json");
        var best = Architecture.FromJson(File.ReadAllText(bestPath));
        Assert.Equal(EnasMacroSpace.Name, best.Space.Name);
        Assert.Equal(3, EnasMacroSpace.Decode(best).Layers.Count);

        var train = NasProcess.Run(_w.Root, "train", "--arch", bestPath, "--dataset", "fashion-mnist", "--data-dir", _w.Data,
            "--epochs", "1", "--batch-size", "40", "--threads", "1", "--out", Path.Combine(run, "final"));
        Assert.True(train.ExitCode == 0, train.All);
        Assert.Contains("test accuracy", train.Output);
    }

    [Theory]
    [InlineData("--controller-steps", "0")]
    [InlineData("--controller-temperature", "-1")]
    [InlineData("--controller-baseline-decay", "1")]
    [InlineData("--space", "macro")]
    public void A_bad_option_is_named_in_one_line(string option, string value)
    {
        var args = Tiny("enas-cell", Path.Combine(_w.Root, "bad")).ToList();
        int at = args.IndexOf(option);
        if (at >= 0) args[at + 1] = value; else args.AddRange(new[] { option, value });
        var r = NasProcess.Run(_w.Root, args.ToArray());
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(option == "--space" ? "--space" : option, r.Error);
        Assert.DoesNotContain("   at ", r.All);
        Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
