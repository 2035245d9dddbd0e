using System.Text.Json.Nodes;
using Nas.Store;
using Nas.Tests.Cli;
using Nas.Tests.Recurrent;

namespace Nas.Tests.Search;

/// <summary>
/// The searches that train one network, killed (SIGKILL) after a checkpoint and resumed with <c>nas resume</c>, end
/// with the same architecture and the same last epoch as an unbroken run, through the real executable.
/// </summary>
public class EpochSearchResumeCliTests : IClassFixture<EpochSearchResumeCliTests.Workspace>
{
    public sealed class Workspace : IdxWorkspace
    {
        public Workspace() : base("nas-epoch-resume-", train: 200, test: 20) => TinyText.WritePtbLayout(Ptb, trainLines: 120, validLines: 20, testLines: 20);
        public string Ptb => Path.Combine(Root, "ptb");
    }

    private readonly Workspace _w;
    public EpochSearchResumeCliTests(Workspace w) => _w = w;

    private string[] Image(params string[] method) => [.. method, "--data-dir", _w.Data, "--subset", "48", "--validation", "32", "--epochs", "6", "--batch-size", "16", "--threads", "1", "--seed", "5"];

    public static TheoryData<string, string> Methods => new()
    {
        { "darts", "darts" },
        { "snas", "snas" },
        { "enas", "enas" },
        { "darts-rnn", "darts-rnn" },
        { "darts-2nd-rnn", "darts-2nd-rnn" },
        { "snas-rnn", "snas-rnn" },
        { "enas-rnn", "enas-rnn" },
    };

    private string[] Args(string method) => method switch
    {
        "darts" => Image("darts", "--init-channels", "2", "--cells", "3", "--nodes", "2"),
        "snas" => Image("snas", "--init-channels", "2", "--cells", "3", "--nodes", "2", "--resource-weight", "0.5"),
        "enas" => Image("enas", "--space", "enas-macro", "--layers", "3", "--pool-after", "1", "--channels", "4", "--controller-steps", "3", "--validation-batch", "16", "--final-samples", "3"),
        "enas-rnn" => ["enas", "--dataset", "ptb", "--data-dir", _w.Ptb, "--epochs", "6", "--nodes", "3", "--dag-output", "loose", "--hidden-size", "12",
            "--batch-size", "8", "--bptt", "10", "--controller-steps", "3", "--final-samples", "3", "--seed", "5"],
        "darts-2nd-rnn" => ["darts-2nd", .. Recurrent],
        "snas-rnn" => ["snas", .. Recurrent],
        _ => ["darts", .. Recurrent],
    };

    // The recurrent DAG supernet's searches: darts, darts-2nd and snas.
    private string[] Recurrent => ["--dataset", "ptb", "--data-dir", _w.Ptb, "--epochs", "6", "--nodes", "3", "--hidden-size", "12", "--batch-size", "8", "--bptt", "10", "--seed", "5"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void Killed_after_a_checkpoint_and_resumed_it_ends_as_an_unbroken_run(string method, string kind)
    {
        var unbroken = Path.Combine(_w.Root, method + "-unbroken");
        var whole = NasProcess.Run(_w.Root, ["search", .. Args(method), "--out", unbroken]);
        Assert.True(whole.ExitCode == 0, whole.All);

        var killed = Path.Combine(_w.Root, method + "-killed");
        var first = NasProcess.Start(_w.Root, ["search", .. Args(method), "--out", killed]);
        var checkpoint = Path.Combine(killed, "checkpoint");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!Directory.Exists(checkpoint) && !first.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(10);
        first.Process.Kill(); // SIGKILL, after the first epoch's checkpoint
        NasProcess.Finish(first);
        Assert.False(File.Exists(Path.Combine(killed, "best.json")), "the search ended before it could be killed; the test needs more epochs");

        var resumed = NasProcess.Run(_w.Root, "resume", killed);
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains("resuming", resumed.Output);
        Assert.Equal(File.ReadAllText(Path.Combine(unbroken, "best.json")), File.ReadAllText(Path.Combine(killed, "best.json")));
        Assert.Equal(LastEpoch(unbroken, kind), LastEpoch(killed, kind));
    }

    // The last epoch's search-log step without its timings.
    private static string LastEpoch(string dir, string kind)
    {
        using var store = SqliteExperimentStore.Open(Path.Combine(dir, "experiment.db"), create: false);
        var steps = store.Steps(kind);
        Assert.Equal(6, steps.Count);
        var json = JsonNode.Parse(steps[^1].Json)!.AsObject();
        foreach (var timing in new[] { "seconds", "step_seconds", "tokens_per_second" }) json.Remove(timing);
        return json.ToJsonString();
    }
}
