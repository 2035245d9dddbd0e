using Nas.Store;
using Nas.Strategies;

namespace Nas.Tests.Cli;

/// <summary>--storage, --resume, --workers 0, nas worker and --pruner through the real executable.</summary>
public class DistributedCliTests : IClassFixture<DistributedCliTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-dist-", train: 400, test: 120);

    private readonly Workspace _w;
    public DistributedCliTests(Workspace w) => _w = w;

    private string[] Search(string run, params string[] more) => SearchWith(run, "1", more);

    private string[] SearchWith(string run, string epochs, params string[] more) => new[] { "search", "evolution", "--space", "macro", "--population", "2", "--tournament", "2",
        "--dataset", "fashion-mnist", "--data-dir", _w.Data, "--epochs", epochs, "--subset", "200", "--validation", "100", "--layers", "3", "--batch-size", "50",
        "--seed", "4", "--threads", "1", "--out", run }.Concat(more).ToArray();

    [Fact]
    public void A_coordinator_with_a_worker_process_then_resume_and_show()
    {
        var run = Path.Combine(_w.Root, "coordinated");
        var db = Path.Combine(run, "experiment.db");
        // The worker starts first, as a scheduler may start it: it waits for the search to create the experiment.
        var early = NasProcess.Start(_w.Root, "worker", "--storage", "sqlite:///" + db, "--threads", "1", "--wait", "120");
        // The search starts once the worker says it is waiting, however long its start takes on a busy machine.
        Assert.True(early.WaitForOutput("waiting up to 120 s", TimeSpan.FromMinutes(2)), "the worker never said it was waiting");
        var coordinator = NasProcess.Start(_w.Root, Search(run, "--trials", "3", "--workers", "0", "--lease", "12s"));
        var worker = NasProcess.Finish(early);
        Assert.True(worker.ExitCode == 0, worker.All);
        Assert.Contains("the experiment is over", worker.Output);
        var search = NasProcess.Finish(coordinator);
        Assert.True(search.ExitCode == 0, search.All);
        Assert.Contains("coordinator only", search.Output);
        using (var store = SqliteExperimentStore.Open(db, create: false))
        {
            var trials = store.Trials();
            Assert.Equal(3, trials.Count);
            Assert.All(trials, t => Assert.True(t.Status == TrialStatus.Completed && t.Told && t.Worker!.Contains('-')));
            Assert.DoesNotContain("--storage", store.LoadConfiguration());
        }

        // Resuming a finished search redoes nothing; starting it again is refused and changes nothing.
        var resume = NasProcess.Run(_w.Root, "resume", run);
        Assert.True(resume.ExitCode == 0, resume.All);
        Assert.Contains("resuming", resume.Output);
        var again = NasProcess.Run(_w.Root, Search(run, "--trials", "3"));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--resume", again.Error);
        using (var store = SqliteExperimentStore.Open(db, create: false)) Assert.Equal(3, store.Trials().Count);

        var show = NasProcess.Run(_w.Root, "show", "--storage", "sqlite:///" + db);
        Assert.True(show.ExitCode == 0, show.All);
        Assert.Contains("3 trials: 3 completed", show.Output);
    }

    [Fact]
    public void Asha_prunes_trials_and_records_their_last_epoch()
    {
        var run = Path.Combine(_w.Root, "asha");
        var search = NasProcess.Run(_w.Root, SearchWith(run, "3", "--trials", "5", "--pruner", "asha", "--pruner-min-epochs", "1", "--pruner-eta", "2"));
        Assert.True(search.ExitCode == 0, search.All);
        using var store = SqliteExperimentStore.Open(Path.Combine(run, "experiment.db"), create: false);
        var trials = store.Trials();
        Assert.Equal(5, trials.Count);
        var pruned = trials.Where(t => t.Status == TrialStatus.Pruned).ToList();
        Assert.NotEmpty(pruned); // with eta 2, a trial that is not the best at its rung stops there
        Assert.All(pruned, t => Assert.True(t.Epochs.Count is 1 or 2 && t.Error!.Contains("asha") && t.ValidationAccuracy == t.Epochs[^1].ValidationAccuracy));
        Assert.Equal(3, trials[0].Epochs.Count); // the first trial has nobody to lose to
        Assert.Contains("pruned", search.Output);
    }

    [Theory]
    [InlineData("mysql://x/y", "--storage: expected sqlite:///PATH or postgresql://")]
    [InlineData("postgresql://nas:secret@127.0.0.1:1/db", "experiment name")]
    public void Bad_storage_is_one_line_without_the_password(string url, string expected)
    {
        var r = NasProcess.Run(_w.Root, Search(Path.Combine(_w.Root, "bad"), "--trials", "1", "--storage", url));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(expected, r.Error);
        Assert.DoesNotContain("secret", r.All);
        Assert.DoesNotContain("   at ", r.All);
    }

    [Fact]
    public void A_killed_train_resumes_from_its_checkpoint()
    {
        var arch = Path.Combine(_w.Root, "coordinated-arch.json");
        File.WriteAllText(arch, ArchitectureSampler.Sample(Nas.Spaces.Macro.MacroSpace.Create(new Nas.Spaces.Macro.MacroSpaceOptions(Layers: 3)), new Random(2)).ToJson());
        var final = Path.Combine(_w.Root, "killed-train");
        string[] train = ["train", "--arch", arch, "--dataset", "fashion-mnist", "--data-dir", _w.Data, "--epochs", "8", "--batch-size", "50", "--threads", "1", "--out", final];
        var first = NasProcess.Start(_w.Root, train);
        var checkpoint = Path.Combine(final, "checkpoint");
        while (!Directory.Exists(checkpoint) && !first.HasExited) Thread.Sleep(20);
        first.Process.Kill(); // SIGKILL, mid-run
        NasProcess.Finish(first);
        Assert.False(File.Exists(Path.Combine(final, "result.json")));

        var again = NasProcess.Run(_w.Root, train);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("--resume", again.Error);
        var resumed = NasProcess.Run(_w.Root, train.Append("--resume").ToArray());
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains("resuming after epoch", resumed.Output);
        using var result = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(final, "result.json")));
        Assert.Equal(8, result.RootElement.GetProperty("epochs").GetArrayLength());
        Assert.False(Directory.Exists(checkpoint)); // removed once the results are written
    }

    [Fact]
    public void A_worker_for_a_missing_experiment_says_so()
    {
        var r = NasProcess.Run(_w.Root, "worker", "--storage", "sqlite:///" + Path.Combine(_w.Root, "nothing", "experiment.db"), "--wait", "0");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no experiment database there", r.Error);
    }
}
