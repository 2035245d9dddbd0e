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
        var search = NasProcess.Run(_w.Root, "search", "random", "--space", "rnn-dag", "--dataset", "ptb", "--data-dir", _w.Ptb,
            "--trials", "2", "--epochs", "1", "--nodes", "10", "--hidden-size", "12", "--batch-size", "8", "--seed", "4", "--out", run);
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
            Assert.Equal(12, config.GetProperty("settings").GetProperty("model").GetProperty("hidden_size").GetInt32());
            Assert.Equal(20, config.GetProperty("settings").GetProperty("training").GetProperty("learning_rate").GetDouble());
            Assert.Equal(1, config.GetProperty("runtime").GetProperty("threads").GetInt32()); // language models run on one thread
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
    public void Enas_searches_the_dag_cell_on_text_and_its_derived_cell_trains()
    {
        var run = Path.Combine(_w.Root, "enas-rnn");
        string[] search = ["search", "enas", "--dataset", "ptb", "--data-dir", _w.Ptb, "--epochs", "2", "--nodes", "3", "--dag-output", "loose",
            "--hidden-size", "12", "--batch-size", "8", "--bptt", "10", "--controller-steps", "5", "--final-samples", "4", "--seed", "4", "--out", run];
        var first = NasProcess.Run(_w.Root, search);
        Assert.True(first.ExitCode == 0, first.All);
        var best = Architecture.FromJson(File.ReadAllText(Path.Combine(run, "best.json")));
        Assert.Equal("rnn-dag", best.Space.Name);
        using (var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false))
        {
            var steps = store.Steps("enas-rnn");
            Assert.Equal(new long[] { 1, 2 }, steps.Select(s => s.Step));
            var last = JsonDocument.Parse(steps[1].Json).RootElement;
            Assert.True(last.GetProperty("mean_reward").GetDouble() > 0);
            var cells = last.GetProperty("genotype").GetProperty("recurrent").EnumerateArray().Select(e => new Nas.Spaces.Recurrent.RecurrentStep(e[0].GetString()!, e[1].GetInt32()));
            Assert.Equal(cells, Nas.Spaces.Recurrent.RnnDagSpace.ToGenotype(best).Steps);
            var config = JsonDocument.Parse(store.LoadConfiguration()!).RootElement;
            Assert.Equal("enas", config.GetProperty("method").GetString());
            Assert.Equal(5, config.GetProperty("settings").GetProperty("enas").GetProperty("controller_steps").GetInt32());
        }
        var train = NasProcess.Run(_w.Root, "train", "--arch", Path.Combine(run, "best.json"), "--dataset", "ptb", "--data-dir", _w.Ptb,
            "--epochs", "1", "--hidden-size", "12", "--batch-size", "8", "--out", Path.Combine(run, "final"));
        Assert.True(train.ExitCode == 0, train.All);
        Assert.Contains("test perplexity", train.Output);
    }

    [Fact]
    public void Darts_searches_the_dag_cell_and_its_derived_cell_trains()
    {
        var run = Path.Combine(_w.Root, "darts");
        var search = NasProcess.Run(_w.Root, "search", "darts", "--dataset", "ptb", "--data-dir", _w.Ptb,
            "--epochs", "2", "--nodes", "3", "--hidden-size", "12", "--batch-size", "8", "--bptt", "10", "--seed", "4", "--out", run);
        Assert.True(search.ExitCode == 0, search.All);
        Assert.Contains("not test results", search.Output);
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
            Assert.Equal("darts", config.GetProperty("method").GetString());
            Assert.Equal("rnn-dag", config.GetProperty("space").GetProperty("name").GetString()); // the default space of darts on text
            Assert.False(config.GetProperty("settings").GetProperty("training").TryGetProperty("asgd", out _)); // the supernet trains with plain SGD
        }
        var train = NasProcess.Run(_w.Root, "train", "--arch", Path.Combine(run, "best.json"), "--dataset", "ptb", "--data-dir", _w.Ptb,
            "--epochs", "1", "--hidden-size", "12", "--batch-size", "8", "--out", Path.Combine(run, "final"));
        Assert.True(train.ExitCode == 0, train.All);
        Assert.Contains("test perplexity", train.Output);
    }

    [Fact]
    public void A_language_search_takes_workers_storage_a_pruner_and_resumes_with_a_larger_budget()
    {
        var run = Path.Combine(_w.Root, "workers");
        var db = Path.Combine(run, "experiment.db");
        string[] search = ["search", "evolution", "--population", "2", "--tournament", "1", "--dataset", "text:" + _w.Book, "--trials", "3", "--epochs", "2",
            "--nodes", "3", "--hidden-size", "8", "--batch-size", "4", "--bptt", "20", "--workers", "2", "--threads", "1",
            "--pruner", "median", "--pruner-startup", "1", "--max-params", "1000000", "--storage", "sqlite:///" + db, "--out", run];
        var first = NasProcess.Run(_w.Root, search);
        Assert.True(first.ExitCode == 0, first.All);
        var resumed = NasProcess.Run(_w.Root, "resume", run, "--trials", "5");
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains("resuming", resumed.Output);
        using var store = SqliteExperimentStore.Open(db, create: false);
        var trials = store.Trials();
        Assert.Equal(5, trials.Count);
        Assert.All(trials, t => Assert.True(t.Status is TrialStatus.Completed or TrialStatus.Pruned && t.Told, $"trial {t.Id}: {t.Status}"));
        Assert.Equal(2, trials.Select(t => t.Worker!.Split('-')[^1]).Distinct().Count()); // both local workers trained
        var config = JsonDocument.Parse(store.LoadConfiguration()!).RootElement;
        Assert.Equal("rnn-dag", config.GetProperty("space").GetProperty("name").GetString());
        Assert.Equal("median", config.GetProperty("settings").GetProperty("pruner").GetProperty("name").GetString());
        Assert.Equal(5, config.GetProperty("settings").GetProperty("budget").GetProperty("trials").GetInt32());
        Assert.Equal(1000000, config.GetProperty("settings").GetProperty("constraints").GetProperty("max_params").GetInt32());
        Assert.All(trials, t => Assert.InRange(t.Parameters!.Value, 1, 1000000)); // language models are sized for the limit too
        Assert.True(File.Exists(Path.Combine(run, "best.json")));
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
    [InlineData(2, "search", "random", "--space", "rnn-tree", "--dataset", "fashion-mnist", "--trials", "1", "--dataset must be text for the rnn-tree space")]
    [InlineData(2, "search", "random", "--space", "macro", "--dataset", "ptb", "--trials", "1", "--dataset is text ('ptb'), which a language space searches")]
    [InlineData(2, "search", "darts-2nd", "--space", "rnn-tree", "--dataset", "ptb", "--space must be darts-cell or rnn-dag for darts-2nd, not rnn-tree")]
    [InlineData(2, "search", "snas", "--dataset", "ptb", "--dag-output", "loose", "--dag-output must be all for snas")]
    [InlineData(2, "search", "snas", "--dataset", "ptb", "--resource", "madds", "--resource does not apply")]
    [InlineData(2, "search", "darts", "--space", "rnn-tree", "--dataset", "ptb", "--space must be darts-cell or rnn-dag for darts, not rnn-tree")]
    [InlineData(2, "search", "darts", "--dataset", "ptb", "--trials", "3", "--trials is not an option of nas search darts")]
    [InlineData(2, "search", "darts", "--dataset", "ptb", "--dag-output", "loose", "--dag-output must be all for darts")]
    [InlineData(2, "search", "random", "--space", "rnn-dag", "--dataset", "ptb", "--cutout", "16", "--cutout does not apply to random searches of the rnn-dag space")]
    [InlineData(2, "train", "--arch", "NO_SUCH_CELL", "--dataset", "ptb", "--data-dir", "/no/such/dir", "--arch names no file 'NO_SUCH_CELL'")]
    [InlineData(2, "train", "--arch", "lstm", "--dataset", "ptb", "--cutout", "16", "--cutout does not apply to the training of a language model")]
    [InlineData(1, "train", "--arch", "DARTS_V2", "--dataset", "ptb", "--data-dir", "/no/such/dir", "no directory '/no/such/dir'")]
    [InlineData(2, "search", "random", "--space", "rnn-dag", "--dataset", "ptb", "--trials", "1", "--data-dir is needed for ptb")]
    [InlineData(2, "search", "random", "--space", "rnn-dag", "--dataset", "text:", "--trials", "1", "--dataset text:FILE needs a file name")]
    [InlineData(1, "search", "random", "--space", "rnn-dag", "--dataset", "ptb", "--data-dir", "/no/such/dir", "--trials", "1", "no directory '/no/such/dir'")]
    [InlineData(1, "train", "--arch", "lstm", "--dataset", "text:/no/such/book.txt", "--epochs", "1", "no file '/no/such/book.txt'")]
    public void Bad_input_is_one_line_naming_the_option_or_file(int exitCode, params string[] argsAndExpected)
    {
        var r = NasProcess.Run(_w.Root, argsAndExpected[..^1]);
        Assert.Equal(exitCode, r.ExitCode);
        Assert.Contains(argsAndExpected[^1], r.Error);
        Assert.DoesNotContain("   at ", r.All);
        Assert.Single(r.Error.Trim().Split('\n'));
    }
}
