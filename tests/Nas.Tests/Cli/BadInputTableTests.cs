using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Nas.Cli;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Tests.Recurrent;
using Nas.Tests.Search;
using Nas.Torch.Search;

namespace Nas.Tests.Cli;

/// <summary>
/// Bad input, command by command, as a table: each row is a command line, the exit code it must give, and a fragment of
/// the one line it must print. No row may print a stack trace or native frames, and none may change a file the user
/// owns: every file under the workspace (the working directory of each row, holding an experiment, a finished model,
/// data, a foreign database, ...) hashes the same after the row as before. Rows run the CLI in this process.
/// </summary>
[Collection(nameof(InProcessCli))]
public class BadInputTableTests : IClassFixture<BadInputTableTests.Workspace>
{
    /// <summary>A workspace the rows may name: {data}, {experiment}, {finished}, {file}, {empty-db}, {foreign-db}, {macro}, {future}, {dag}, {text}, {root}.</summary>
    public sealed class Workspace : IdxWorkspace
    {
        public Workspace() : base("nas-bad-input-", train: 160, test: 20)
        {
            Directory.CreateDirectory(Path.Combine(Root, "finished"));
            File.WriteAllText(Path.Combine(Root, "finished", "result.json"), "{\"test_accuracy\": 0.9}");
            File.WriteAllBytes(Path.Combine(Root, "finished", "model.bin"), [1, 2, 3]);
            File.WriteAllText(Path.Combine(Root, "a-file"), "mine");
            File.WriteAllBytes(Path.Combine(Root, "empty.db"), []);
            using (var connection = new SqliteConnection($"Data Source={Path.Combine(Root, "foreign.db")};Pooling=false"))
            {
                connection.Open();
                using var create = connection.CreateCommand();
                create.CommandText = "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');";
                create.ExecuteNonQuery();
            }
            var macro = ArchitectureSampler.Sample(MacroSpace.Create(new(Layers: 2)), new Random(1)).ToJson();
            File.WriteAllText(Path.Combine(Root, "macro.json"), macro);
            File.WriteAllText(Path.Combine(Root, "future.json"), macro.Replace("nas-architecture/1", "nas-architecture/7"));
            File.WriteAllText(Path.Combine(Root, "dag.json"), Nas.Spaces.Recurrent.RnnDagSpace.FromGenotype(Nas.Spaces.Recurrent.PublishedRecurrentGenotypes.Find("DARTS_V2")!).ToJson());
            File.WriteAllText(Path.Combine(Root, "book.txt"), TinyText.Sentences(40, 3));
            var experiment = Path.Combine(Root, "experiment");
            int rc = NasCli.RunAsync(["search", "random", "--data-dir", Data, "--trials", "1", "--epochs", "1", "--subset", "64", "--validation", "32",
                "--layers", "2", "--batch-size", "32", "--threads", "1", "--out", experiment], SearchCatalog.Default).GetAwaiter().GetResult();
            if (rc != 0) throw new InvalidOperationException($"the workspace's experiment did not run ({rc})");
        }

        public string Expand(string arg) => arg
            .Replace("{data}", Data).Replace("{experiment}", Path.Combine(Root, "experiment")).Replace("{finished}", Path.Combine(Root, "finished"))
            .Replace("{file}", Path.Combine(Root, "a-file")).Replace("{empty-db}", Path.Combine(Root, "empty.db")).Replace("{foreign-db}", Path.Combine(Root, "foreign.db"))
            .Replace("{macro}", Path.Combine(Root, "macro.json")).Replace("{future}", Path.Combine(Root, "future.json")).Replace("{dag}", Path.Combine(Root, "dag.json"))
            .Replace("{text}", Path.Combine(Root, "book.txt")).Replace("{root}", Root);
    }

    private readonly Workspace _w;
    public BadInputTableTests(Workspace w) => _w = w;

    public static TheoryData<int, string, string> Rows => new()
    {
        // The command line and its parsing.
        { 2, "auto --time-budget 0s --out {root}/new-run", "--time-budget must be longer than zero" },
        { 2, "auto --time-budget 10s --data-dir {data} --out {root}/new-run", "--time-budget must be at least 30s" },
        { 2, "auto --max-params 10 --data-dir {data} --out {root}/new-run", "--max-params must be at least 1000" },
        { 2, "auto --final-share 2 --data-dir {data} --out {root}/new-run", "--final-share must be in [0.2, 0.9]" },
        { 2, "auto --space rnn-dag --data-dir {data} --out {root}/new-run", "--space must be an image space for auto" },
        { 1, "auto --data-dir {data} --out {experiment}", "already holds an experiment" },
        { 2, "frobnicate", "'frobnicate' is not a nas command (commands: search, auto, resume" },
        { 2, "search", "nas search needs a method first" },
        { 2, "search frob", "'frob' is not a choice of nas search" },
        { 2, "search random --no-such-option", "--no-such-option is not an option of nas search random" },
        { 2, "search random --population 3", "--population is not an option of nas search random" },
        { 2, "search random --epochs", "--epochs needs a value" },
        { 2, "search random --epochs 1.5", "--epochs must be a whole number, got '1.5'" },
        { 2, "search random --trials abc", "--trials must be a whole number, got 'abc'" },
        { 2, "search random --trials 99999999999", "--trials is too large" },
        { 2, "search random --trials 0", "--trials must be at least 1, got 0" },
        { 2, "search random --learning-rate inf", "--learning-rate must be a number, got 'inf'" },
        { 2, "search random --learning-rate Infinity", "--learning-rate must be a finite number" },
        { 2, "search random --learning-rate 1e308", "--learning-rate must be in (0, 1000]" },
        { 2, "search random --lr abc", "--learning-rate must be a number, got 'abc'" },
        { 2, "search random --momentum abc", "--momentum must be a number, got 'abc'" },
        { 2, "search random --momentum 1", "--momentum must be in [0, 1), got 1" },
        { 2, "search random --weight-decay -1", "--weight-decay must be in [0, 1], got -1" },
        { 2, "search random --flip maybe", "--flip must be true or false, got 'maybe'" },
        { 2, "search random --seed x", "--seed must be a whole number, got 'x'" },
        { 2, "search random --time-budget soon", "--time-budget must be a length of time" },
        { 2, "search random --workers -1", "--workers must be zero or more, got -1" },
        { 2, "search random --lease 0s", "--lease must be longer than zero" },
        // Spaces, data and devices.
        { 2, "search random --space nope", "'nope' is not a known search space" },
        { 2, "search random --space rnn-dag --dataset ptb --cutout 3", "--cutout does not apply to random searches of the rnn-dag space" },
        { 2, "search random --space macro --dataset text:{text}", "--dataset is text" },
        { 2, "search random --space rnn-tree --dataset fashion-mnist", "--dataset must be text for the rnn-tree space" },
        { 2, "search random --dataset imagenet", "--dataset must be one of fashion-mnist, mnist, cifar10" },
        { 2, "search random --device cuda --data-dir {data}", "--device" },
        { 2, "search random --device tpu --data-dir {data}", "tpu" },
        { 2, "search random --subset 0 --data-dir {data}", "--subset must be at least 1" },
        { 2, "search random --validation 100000 --data-dir {data}", "--validation" },
        { 1, "search random --data-dir {root}/no-data", "data directory {root}/no-data does not exist" },
        { 1, "search random --data-dir {file}", "{file} is a file, not a data directory" },
        { 2, "search random --layers 0", "--layers must be in [1, 64], got 0" },
        { 2, "search random --pool-after 9 --data-dir {data}", "pool-after" },
        // Strategies, methods and their settings.
        { 2, "search evolution --population 4 --tournament 5", "--tournament must not exceed the population (4), got 5" },
        { 2, "search evolution --warm-start {root}/nothing-here", "--warm-start {root}/nothing-here: no experiment there" },
        { 2, "search random --space rnn-dag --dataset ptb --max-madds 5000", "--max-madds applies to image spaces so far" },
        { 2, "search nsga2 --space rnn-dag --dataset ptb --objective madds", "--objective cannot be madds for a language space" },
        { 2, "search random --space rnn-dag --dataset ptb --max-latency 5", "--max-latency applies to image spaces so far" },
        { 2, "search random --max-latency 0", "--max-latency" },
        { 2, "search evolution --inherit-epochs 1", "--inherit-epochs applies only when weights are inherited" },
        { 2, "search evolution --space rnn-dag --dataset ptb --inherit-weights", "--inherit-weights" },
        { 2, "search random --surrogate-screen 0", "--surrogate-screen must be at least 1, got 0" },
        { 2, "search tpe --tpe-gamma 1.5", "--tpe-gamma" },
        { 2, "search local --local-improvement steepest", "--local-improvement must be one of first, best, got 'steepest'" },
        { 2, "search bananas --bananas-batch 200", "--bananas-batch must not exceed the candidates (100), got 200" },
        { 2, "search reinforce --controller-depth-schedule 6:2", "--controller-depth-schedule must be START:STEP:EVERY" },
        { 2, "search reinforce --controller-replicas 2 --controller-depth-schedule 3:1:2", "--controller-depth-schedule works with one controller" },
        { 2, "search reinforce --controller-lr 0", "--controller-lr must be positive" },
        { 2, "search random --pruner hyperband", "--pruner must be one of none, median, asha, got 'hyperband'" },
        { 2, "search random --pruner median --pruner-eta 2", "--pruner-eta is a setting of the asha rule, not of median" },
        { 2, "search darts --space macro", "--space must be darts-cell or rnn-dag for darts, not macro" },
        { 2, "search darts --cells 2", "--cells must be at least 3, got 2" },
        { 2, "search darts --trials 3", "--trials is not an option of nas search darts" },
        { 2, "search snas --resource flops", "--resource must be one of params, madds, mac, got 'flops'" },
        { 2, "search snas --space enas-cell", "--space must be darts-cell or rnn-dag for snas, not enas-cell" },
        { 2, "search enas --space macro", "--space must be enas-cell, enas-macro or rnn-dag for enas, not macro" },
        { 2, "search enas --controller-steps 0", "--controller-steps must be at least 1, got 0" },
        // Where the experiment goes; resume.
        { 1, "search random --data-dir {data} --out {file}", "--out: {file} is a file, not a directory" },
        { 1, "search random --data-dir {data} --out /proc/nas-bad-input", "--out: /proc/nas-bad-input cannot be written" },
        { 1, "search random --data-dir {data} --out {experiment}", "already holds an experiment (nothing was changed); choose another --out or --experiment, or continue it with --resume" },
        { 1, "search random --storage mysql://x/y", "--storage: " },
        { 1, "search random --storage postgresql://nas:secret@127.0.0.1:1/db", "experiment" },
        { 1, "search random --resume --out {root}/nothing-here", "no experiment there to resume" },
        { 2, "search random --resume --out {experiment} --epochs 5 --data-dir {data}", "--epochs differs from the recorded search (1)" },
        { 1, "search evolution --resume --out {experiment}", "the experiment is a random search, not evolution" },
        { 2, "resume {experiment} --epochs 3", "--epochs is not an option of nas resume" },
        { 1, "resume {root}/nothing-here", "no experiment there to resume" },
        { 1, "show {empty-db}", "is not a nas experiment" },
        { 1, "show {foreign-db}", "is not a nas experiment" },
        { 1, "show {root}/no/such/dir", "no experiment here" },
        { 2, "show {experiment} --pareto speed", "--pareto: 'speed' is not a valid value (must be params, madds, latency)" },
        { 1, "show", "give the experiment's directory or --storage" },
        { 1, "worker", "--storage: a worker needs the experiment's --storage" },
        { 1, "worker --storage sqlite:///{root}/none/experiment.db --wait 0", "no experiment database there" },
        { 2, "worker --storage sqlite:///{experiment}/experiment.db --max-trials abc", "--max-trials" },
        // Training the result.
        { 2, "train", "--arch is needed" },
        { 2, "train --arch DARTS_V9 --data-dir {data}", "--arch names no file 'DARTS_V9' and no published cell of that name" },
        { 2, "train --arch lstm --data-dir {data}", "--arch 'lstm' is for text data sets" },
        { 2, "train --arch {dag} --data-dir {data}", "space is for text data sets" },
        { 1, "train --arch {future} --data-dir {data}", "format 'nas-architecture/7' is not known" },
        { 1, "train --arch {macro} --data-dir {data} --out {finished}", "holds a finished model (result.json); choose another --out or add --overwrite" },
        { 1, "train --arch {macro} --data-dir {data} --out {file}", "is a file, not a directory" },
        { 2, "train --arch {macro} --data-dir {data} --epochs 0 --out {root}/t0", "--epochs must be at least 1, got 0" },
        { 2, "train --arch {macro} --data-dir {data} --init-channels 16 --out {root}/t1", "--init-channels applies to cell architectures" },
        { 1, "train --arch {macro} --data-dir {data} --resume --out {root}/t2", "no checkpoint to resume" },
        { 1, "train --arch lstm --dataset text:/bin/ls --out {root}/t3", "/bin/ls is not a text file" },
        { 1, "train --arch lstm --dataset text:{data} --out {root}/t4", "is a directory" },
        { 2, "train --arch lstm --dataset text:{text} --cutout 16 --out {root}/t5", "--cutout does not apply to the training of a language model" },
        { 1, "train --arch lstm --dataset text:{text} --resume --out {root}/t6", "resuming the training of a language model is not built yet" },
        // Looking at architectures.
        { 2, "inspect --arch DARTS_V9", "--arch names no file 'DARTS_V9'" },
        { 1, "inspect --arch DARTS --input 3x32", "--input" },
        { 2, "inspect --arch DARTS_V2 --init-channels abc", "--init-channels: 'abc' is not a valid value" },
        { 2, "inspect --arch DARTS_V2 --cells 0", "--cells must be at least 1, got 0" },
        { 1, "inspect --arch DARTS_V2 --input 3x100000x100000", "out of memory" },
        { 1, "draw --arch DARTS --cell middle", "--cell" },
        { 1, "draw --arch {macro}", "nas draw draws cells" },
    };

    private Dictionary<string, string> Hashes() => Directory.GetFiles(_w.Root, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(_w.Root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Bad_input_gets_one_line_naming_it_and_changes_nothing(int exitCode, string commandLine, string fragment)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(_w.Expand).ToArray();
        var before = Hashes();
        var (output, error) = (new StringWriter(), new StringWriter());
        var (stdout, stderr, directory) = (Console.Out, Console.Error, Environment.CurrentDirectory);
        int rc;
        try
        {
            Console.SetOut(output);
            Console.SetError(error);
            Environment.CurrentDirectory = _w.Root; // a default --out would land here
            rc = await NasCli.RunAsync(args, SearchCatalog.Default);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            Environment.CurrentDirectory = directory;
        }
        string err = error.ToString().Trim(), all = output + err;
        var lines = err.Split('\n').Where(l => !l.StartsWith("warning:", StringComparison.Ordinal)).ToArray();
        Assert.True(rc == exitCode, $"exit {rc}, not {exitCode}: {all}");
        Assert.True(lines.Length == 1 && lines[0].StartsWith("error: ", StringComparison.Ordinal), $"not one error line: {err}");
        Assert.True(lines[0].Contains(_w.Expand(fragment), StringComparison.Ordinal), $"'{fragment}' not in: {lines[0]}");
        Assert.DoesNotContain("   at ", all);
        Assert.DoesNotContain("frame #", all);
        Assert.DoesNotContain("secret", all);
        Assert.Equal(before, Hashes());
    }
}
