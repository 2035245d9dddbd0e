using System.Text.Json.Nodes;
using Nas.Store;
using Nas.Tests.Cli;

namespace Nas.Tests.Auto;

/// <summary><c>nas auto</c> through the real executable on a tiny data set: plan, search, final training, test; killed and resumed.</summary>
public class AutoCliTests : IClassFixture<AutoCliTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-auto-", train: 240, test: 40);

    private readonly Workspace _w;
    public AutoCliTests(Workspace w) => _w = w;

    private string[] Args(string dir, string budget = "40s") => Args(_w.Data, dir, budget);

    /// <summary>A run on the tiny data set in <paramref name="data"/>: 40 validation images, one thread, seed 3.</summary>
    internal static string[] Args(string data, string dir, string budget) =>
        ["auto", "--data-dir", data, "--validation", "40", "--time-budget", budget, "--final-share", "0.3", "--threads", "1", "--seed", "3", "--out", dir];

    /// <summary>The steps of one kind that the run in <paramref name="dir"/> logged.</summary>
    internal static IReadOnlyList<SearchStep> Steps(string dir, string kind)
    {
        using var store = SqliteExperimentStore.OpenReadOnly(Path.Combine(dir, "experiment.db"));
        return store.Steps(kind);
    }

    [Fact]
    public void It_plans_searches_trains_the_winner_and_measures_the_test_set_within_its_budget()
    {
        var dir = Path.Combine(_w.Root, "whole");
        var r = NasProcess.Run(_w.Root, [.. Args(dir), "--search", "halving"]);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("probe: the reference network trains at", r.Output);
        Assert.Contains("rung 1", r.Output);
        Assert.Contains("final training, epoch 1/", r.Output);
        Assert.Contains("test accuracy", r.Output);
        foreach (var file in new[] { "best.json", "model.bin", "result.json", "architecture.json", "model.onnx" }) Assert.True(File.Exists(Path.Combine(dir, file)), file);
        Assert.Contains("model.onnx (ONNX)", r.Output);
        // The ONNX model is the trained one: ONNX Runtime's logits on the test images are TorchSharp's from the weights.
        Assert.InRange(Export.OnnxAgreement.MaxDifference(dir, _w.Data), 0, 1e-4);
        Assert.False(Directory.Exists(Path.Combine(dir, "checkpoint")));
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "result.json")))!;
        Assert.Equal(40, result["test_examples"]!.GetValue<int>());
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "best.json")), File.ReadAllText(Path.Combine(dir, "architecture.json")));
        // The winner of the highest rung (by the one-standard-error rule on the 40 validation images) is what was trained.
        var trials = Steps(dir, "auto-trial").Select(s => System.Text.Json.JsonSerializer.Deserialize<Nas.Torch.Auto.AutoTrial>(
            JsonNode.Parse(s.Json)!["trial"]!.ToJsonString(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!).ToList();
        Assert.NotEmpty(trials);
        int top = trials.Max(t => t.Rung);
        var winner = Nas.Torch.Auto.AutoSearch.Winner(trials.Where(t => t.Rung == top).ToList(), 40);
        var final = JsonNode.Parse(Steps(dir, "auto-final").Single().Json)!;
        Assert.Equal(winner.Candidate, final["candidate"]!.GetValue<int>());
        // Every candidate of the first rung was timed before it trained, as was the probe's network, and trained for
        // the images its measured speed buys in the reference's time (not the multiply-adds estimate's).
        var speeds = Steps(dir, "auto-speed").Select(s => JsonNode.Parse(s.Json)!)
            .ToDictionary(n => n["candidate"]!.GetValue<int>(), n => n["images_per_second"]!.GetValue<double>());
        Assert.True(speeds.ContainsKey(Nas.Torch.Auto.AutoLog.ProbeSpeed));
        var plan = System.Text.Json.JsonSerializer.Deserialize<Nas.Torch.Auto.AutoPlan>(JsonNode.Parse(Steps(dir, "auto-plan").Single().Json)!["plan"]!.ToJsonString(),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        // The probe tried one copy on libtorch's threads and one replica per core (where there are more), and the run
        // uses the replicas unless one copy was clearly faster.
        Assert.Equal(Nas.Torch.Auto.AutoSearch.ReplicaOptions(Environment.ProcessorCount, 128), plan.ReplicaRates!.Keys.Order());
        Assert.Equal(Nas.Torch.Auto.AutoSearch.ChooseReplicas(plan.ReplicaRates!), plan.Replicas);
        Assert.False(plan.ReplicasAsked);
        foreach (var t in trials.Where(t => t.Rung == 0))
        {
            Assert.True(speeds[t.Candidate] > 0);
            var (subset, epochs) = Nas.Torch.Auto.AutoSearch.EqualTime(plan.Rungs[0], speeds[t.Candidate] / speeds[Nas.Torch.Auto.AutoLog.ProbeSpeed], 200);
            Assert.Equal((long)subset * epochs, t.Images);
        }
        // Screening drew the reference first, then its neighbours: one or two decisions changed.
        var screened = JsonNode.Parse(Steps(dir, "auto-screen").Single().Json)!["candidates"]!.AsArray()
            .Select(c => Nas.Architectures.Architecture.FromJson(c!["architecture"]!.GetValue<string>())).ToList();
        var reference = Nas.Spaces.Residual.ResidualSpace.Baseline;
        Assert.Equal(reference, screened[0]);
        Assert.True(screened.Count > 3);
        Assert.All(screened.Skip(1), a => Assert.InRange(
            a.Values.Count(v => !reference.Has(v.Key) || !reference[v.Key].Equals(v.Value)) + reference.Values.Keys.Count(k => !a.Has(k)), 1, 2));
        // Within the budget (+5%), by its own account of the time spent.
        double used = JsonNode.Parse(Steps(dir, "auto-done").Single().Json)!["elapsed"]!.GetValue<double>();
        Assert.True(used <= 40 * 1.05, $"used {used} s of a 40 s budget");
        FinalEpochsAsReplanned(dir, result);
    }

    // Each final epoch logs the total planned after it; the run trained the last total (a fraction: its last epoch in part).
    private static void FinalEpochsAsReplanned(string dir, JsonNode result)
    {
        var epochs = Steps(dir, "auto-final-epoch").Select(s => JsonNode.Parse(s.Json)!).ToList();
        Assert.NotEmpty(epochs);
        Assert.Equal(epochs.Count, (int)Math.Ceiling(epochs[^1]["planned_epochs"]!.GetValue<double>() - 1e-6));
        Assert.Equal(epochs.Count, result["trained_epochs"]!.GetValue<int>());
    }

    [Fact]
    public void Without_search_it_trains_the_spaces_hand_designed_network_for_the_whole_budget()
    {
        var dir = Path.Combine(_w.Root, "none");
        var r = NasProcess.Run(_w.Root, [.. Args(dir, "30s"), "--search", "none", "--replicas", "1"]);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("no search", r.Output);
        // Replicas as asked: the probe tries nothing else.
        var plan = JsonNode.Parse(Steps(dir, "auto-plan").Single().Json)!["plan"]!;
        Assert.Equal(1, plan["replicas"]!.GetValue<int>());
        Assert.Equal(["1"], plan["replicaRates"]!.AsObject().Select(p => p.Key));
        Assert.Contains("as one copy on libtorch's threads", r.Output);
        Assert.Empty(Steps(dir, "auto-trial"));
        Assert.Equal(Nas.Spaces.Residual.ResidualSpace.Baseline, Nas.Architectures.Architecture.FromJson(File.ReadAllText(Path.Combine(dir, "best.json"))));
        Assert.True(File.Exists(Path.Combine(dir, "model.bin")));
        // The epochs follow the final training's own speed: the budget is used, not only the probe's guess of it.
        double used = JsonNode.Parse(Steps(dir, "auto-done").Single().Json)!["elapsed"]!.GetValue<double>();
        double reserve = JsonNode.Parse(Steps(dir, "auto-plan").Single().Json)!["plan"]!["reserve"]!.GetValue<double>();
        Assert.True(used >= 0.8 * (30 - reserve) && used <= 1.05 * 30, $"used {used} s of 30 (reserve {reserve} s)");
        FinalEpochsAsReplanned(dir, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "result.json")))!);
    }

    [Fact]
    public void A_reference_given_is_what_it_starts_from_and_one_of_another_space_is_refused_in_one_line()
    {
        var pre = Nas.Spaces.Residual.ResidualSpace.Encode(Nas.Spaces.Residual.ResidualSpace.BaselineGenome with { StemPre = 16 });
        string file = Path.Combine(_w.Root, "c16.json");
        File.WriteAllText(file, pre.ToJson());
        var dir = Path.Combine(_w.Root, "reference");
        var r = NasProcess.Run(_w.Root, [.. Args(dir, "30s"), "--search", "none", "--replicas", "1", "--reference", file]);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Equal(pre, Nas.Architectures.Architecture.FromJson(File.ReadAllText(Path.Combine(dir, "best.json"))));
        Assert.Contains("c16 /2 32x1k3 64x1k3 128x1k3", r.Output);

        var bad = Path.Combine(_w.Root, "reference-bad");
        var refused = NasProcess.Run(_w.Root, [.. Args(bad), "--reference", "DARTS_V2"]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--reference", refused.Error);
        Assert.Contains("darts-cell space", refused.Error);
        Assert.Single(refused.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(bad));
    }

    [Fact]
    public void Killed_after_its_first_trial_it_resumes_without_repeating_what_was_done()
    {
        var dir = Path.Combine(_w.Root, "killed");
        var first = NasProcess.Start(_w.Root, [.. Args(dir, "60s"), "--search", "halving"]);
        var db = Path.Combine(dir, "experiment.db");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!first.HasExited && DateTime.UtcNow < deadline && !HasTrial(db)) Thread.Sleep(50);
        first.Process.Kill();
        NasProcess.Finish(first);
        Assert.False(File.Exists(Path.Combine(dir, "model.bin")), "the run ended before it could be killed");
        string plan = Steps(dir, "auto-plan").Single().Json;
        var before = Steps(dir, "auto-trial").Select(s => s.Json).ToList();
        var speeds = Steps(dir, "auto-speed").Select(s => s.Json).ToList();
        Assert.NotEmpty(speeds);

        var resumed = NasProcess.Run(_w.Root, "resume", dir);
        Assert.True(resumed.ExitCode == 0, resumed.All);
        Assert.Contains("resuming", resumed.Output);
        Assert.True(File.Exists(Path.Combine(dir, "model.bin")));
        Assert.Equal(plan, Steps(dir, "auto-plan").Single().Json);
        var after = Steps(dir, "auto-trial").Select(s => s.Json).ToList();
        Assert.Equal(before, after.Take(before.Count));
        // Speeds measured before the kill are not measured again (a second timing would change the images of a rung).
        Assert.Equal(speeds, Steps(dir, "auto-speed").Select(s => s.Json).Take(speeds.Count));
        var pairs = after.Select(j => JsonNode.Parse(j)!["trial"]!).Select(t => (t["rung"]!.GetValue<int>(), t["candidate"]!.GetValue<int>())).ToList();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
    }

    [Fact]
    public void The_probe_tries_one_copy_and_one_replica_per_core_while_a_batch_share_keeps_16_images()
    {
        Assert.Equal([1], Nas.Torch.Auto.AutoSearch.ReplicaOptions(1, 128));
        Assert.Equal([1, 2], Nas.Torch.Auto.AutoSearch.ReplicaOptions(2, 128));
        Assert.Equal([1, 8], Nas.Torch.Auto.AutoSearch.ReplicaOptions(64, 128));
        Assert.Equal([1], Nas.Torch.Auto.AutoSearch.ReplicaOptions(4, 16));
    }

    [Fact]
    public void The_run_uses_the_replicas_unless_one_copy_was_more_than_a_margin_faster_in_the_probe()
    {
        // Session 31's c8 probe: one copy 10% faster in the probe, then about 30% slower over whole epochs.
        Assert.Equal(2, Nas.Torch.Auto.AutoSearch.ChooseReplicas(new Dictionary<int, double> { [1] = 1006, [2] = 913 }));
        Assert.Equal(2, Nas.Torch.Auto.AutoSearch.ChooseReplicas(new Dictionary<int, double> { [1] = 626, [2] = 1194 }));
        Assert.Equal(1, Nas.Torch.Auto.AutoSearch.ChooseReplicas(new Dictionary<int, double> { [1] = 1200, [2] = 1000 }));
        Assert.Equal(8, Nas.Torch.Auto.AutoSearch.ChooseReplicas(new Dictionary<int, double> { [1] = 1100, [8] = 1000 }));
        Assert.Equal(1, Nas.Torch.Auto.AutoSearch.ChooseReplicas(new Dictionary<int, double> { [1] = 500 }));
        Assert.Throws<ArgumentException>(() => Nas.Torch.Auto.AutoSearch.ChooseReplicas(new Dictionary<int, double>()));
    }

    private static bool HasTrial(string db)
    {
        if (!File.Exists(db)) return false;
        try
        {
            using var store = SqliteExperimentStore.OpenReadOnly(db);
            return store.Steps("auto-trial").Count > 0;
        }
        catch (Exception e) when (e is NasUserException or Microsoft.Data.Sqlite.SqliteException) { return false; }
    }
}
