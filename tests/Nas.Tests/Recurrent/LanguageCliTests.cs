using System.Text.Json;
using Nas.Architectures;
using Nas.Store;
using Nas.Strategies;
using Nas.Tests.Cli;

namespace Nas.Tests.Recurrent;

/// <summary>The language-model CLI, end to end on a tiny generated corpus, through the real executable.</summary>
public class LanguageCliTests : IClassFixture<LanguageCliTests.Workspace>
{
    public sealed class Workspace : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("nas-rnn-cli-").FullName;
        public string Ptb => Path.Combine(Root, "ptb");
        public string Book => Path.Combine(Root, "book.txt");
        public Workspace()
        {
            TinyText.WritePtbLayout(Ptb, trainLines: 120, validLines: 20, testLines: 20);
            File.WriteAllText(Book, TinyText.Sentences(80, 5));
        }
        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    private readonly Workspace _w;
    public LanguageCliTests(Workspace w) => _w = w;

    [Fact]
    public void Search_a_dag_cell_on_ptb_then_train_it_and_report_test_perplexity()
    {
        var run = Path.Combine(_w.Root, "run");
        var search = NasProcess.Run(_w.Root, "search", "--space", "rnn-dag", "--strategy", "random", "--dataset", "ptb", "--data-dir", _w.Ptb,
            "--trials", "2", "--epochs", "1", "--dag-nodes", "10", "--hidden-size", "12", "--batch-size", "8", "--seed", "4", "--out", run);
        Assert.True(search.ExitCode == 0, search.All);
        Assert.Contains("validation perplexity", search.Output);
        var best = Architecture.FromJson(File.ReadAllText(Path.Combine(run, "best.json")));
        Assert.Equal("rnn-dag", best.Space.Name);
        using (var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false))
        {
            var trials = store.Trials();
            Assert.Equal(2, trials.Count);
            Assert.All(trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
            var top = trials.OrderBy(t => t.ValidationLoss).ThenBy(t => t.Id).First(); // lowest perplexity
            Assert.Equal(best, Architecture.FromJson(top.ArchitectureJson));
            var config = JsonDocument.Parse(store.LoadConfiguration()!).RootElement;
            Assert.Equal(12, config.GetProperty("language_model").GetProperty("model").GetProperty("size").GetInt32());
            Assert.Equal(20, config.GetProperty("language_model").GetProperty("training").GetProperty("learning_rate").GetDouble());
        }
        var show = NasProcess.Run(_w.Root, "show", run);
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains("val ppl", show.Output);
        // Every trial's perplexity is printed, although 10-node architectures are wider than a redirected console (200).
        using (var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false))
            Assert.All(store.Trials(), t => Assert.Contains(Nas.Cli.Console.Formats.Number(Math.Exp(t.ValidationLoss!.Value), 2), show.Output));
        Assert.Contains("validation perplexity", show.Output);

        var final = Path.Combine(run, "final");
        var train = NasProcess.Run(_w.Root, "train", "--arch", Path.Combine(run, "best.json"), "--dataset", "ptb", "--data-dir", _w.Ptb,
            "--epochs", "1", "--hidden-size", "12", "--batch-size", "8", "--out", final);
        Assert.True(train.ExitCode == 0, train.All);
        Assert.Contains("test perplexity", train.Output);
        var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(final, "result.json"))).RootElement;
        Assert.InRange(result.GetProperty("test_perplexity").GetDouble(), 1, result.GetProperty("vocabulary").GetInt32());
        Assert.True(File.Exists(Path.Combine(final, "model.bin")));
    }

    [Fact]
    public void Darts_searches_the_dag_cell_and_its_derived_cell_trains()
    {
        var run = Path.Combine(_w.Root, "darts");
        var search = NasProcess.Run(_w.Root, "search", "--space", "rnn-dag", "--strategy", "darts", "--dataset", "ptb", "--data-dir", _w.Ptb,
            "--epochs", "2", "--dag-nodes", "3", "--hidden-size", "12", "--batch-size", "8", "--bptt", "10", "--seed", "4", "--out", run);
        Assert.True(search.ExitCode == 0, search.All);
        Assert.Contains("not a test result", search.Output);
        var best = Architecture.FromJson(File.ReadAllText(Path.Combine(run, "best.json")));
        Assert.Equal("rnn-dag", best.Space.Name);
        var genotype = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "genotype.json"))).RootElement;
        Assert.Equal(3, genotype.GetProperty("recurrent").GetArrayLength());
        using (var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false))
        {
            var steps = store.Steps("darts-rnn");
            Assert.Equal(new long[] { 1, 2 }, steps.Select(s => s.Step));
            var last = JsonDocument.Parse(steps[1].Json).RootElement;
            Assert.Equal(6, last.GetProperty("alpha_softmax").GetProperty("edges").GetArrayLength()); // 1 + 2 + 3 edges
            // best.json is the last epoch's derived cell.
            var cells = last.GetProperty("genotype").GetProperty("recurrent").EnumerateArray().Select(e => new Nas.Spaces.Recurrent.RecurrentStep(e[0].GetString()!, e[1].GetInt32()));
            Assert.Equal(cells, Nas.Spaces.Recurrent.RnnDagSpace.ToGenotype(best).Steps);
            var config = JsonDocument.Parse(store.LoadConfiguration()!).RootElement;
            Assert.Equal("darts", config.GetProperty("strategy").GetString());
            Assert.DoesNotContain("averaged", config.GetProperty("language_model").GetProperty("training").GetProperty("optimizer").GetString());
        }
        var train = NasProcess.Run(_w.Root, "train", "--arch", Path.Combine(run, "best.json"), "--dataset", "ptb", "--data-dir", _w.Ptb,
            "--epochs", "1", "--hidden-size", "12", "--batch-size", "8", "--out", Path.Combine(run, "final"));
        Assert.True(train.ExitCode == 0, train.All);
        Assert.Contains("test perplexity", train.Output);
    }

    [Fact]
    public void Train_a_published_cell_and_the_lstm_on_a_plain_text_file()
    {
        foreach (var arch in new[] { "DARTS_V2", "lstm" })
        {
            var output = Path.Combine(_w.Root, arch);
            var train = NasProcess.Run(_w.Root, "train", "--arch", arch, "--dataset", "text:" + _w.Book, "--epochs", "1", "--hidden-size", "8",
                "--batch-size", "4", "--bptt", "20", "--out", output);
            Assert.True(train.ExitCode == 0, train.All);
            var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "result.json"))).RootElement;
            Assert.Equal("char", result.GetProperty("level").GetString());
        }
    }

    [Theory]
    [InlineData("search", "--space", "rnn-tree", "--dataset", "fashion-mnist", "--trials", "1", "needs a text data set")]
    [InlineData("search", "--space", "macro", "--dataset", "ptb", "--trials", "1", "is not recurrent")]
    [InlineData("search", "--space", "rnn-dag", "--strategy", "darts-2nd", "--dataset", "ptb", "--trials", "1", "darts-2nd over recurrent cells is not built yet")]
    [InlineData("search", "--space", "rnn-tree", "--strategy", "darts", "--dataset", "ptb", "darts searches the rnn-dag cell")]
    [InlineData("search", "--space", "rnn-dag", "--strategy", "darts", "--dataset", "ptb", "--trials", "3", "--trials, --time-budget: a darts search")]
    [InlineData("search", "--space", "rnn-dag", "--strategy", "darts", "--dataset", "ptb", "--dag-output", "loose", "--dag-output: darts derives")]
    [InlineData("search", "--space", "rnn-dag", "--dataset", "ptb", "--subset", "100", "--train-tokens", "100", "give one")]
    [InlineData("train", "--arch", "NO_SUCH_CELL", "--dataset", "ptb", "--data-dir", "/no/such/dir", "--arch: no file 'NO_SUCH_CELL'")]
    [InlineData("train", "--arch", "DARTS_V2", "--dataset", "ptb", "--data-dir", "/no/such/dir", "--data-dir: no directory '/no/such/dir'")]
    [InlineData("train", "--arch", "lstm", "--dataset", "text:/no/such/book.txt", "--epochs", "1", "no file '/no/such/book.txt'")]
    public void Bad_input_is_one_line_naming_the_option_or_file(params string[] argsAndExpected)
    {
        var r = NasProcess.Run(_w.Root, argsAndExpected[..^1]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(argsAndExpected[^1], r.Error);
        Assert.DoesNotContain("   at ", r.All);
        Assert.Single(r.Error.Trim().Split('\n'));
    }
}
