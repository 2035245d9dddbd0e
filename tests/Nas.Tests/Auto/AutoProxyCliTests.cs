using System.Text.Json.Nodes;
using Nas.Store;
using Nas.Tests.Cli;

namespace Nas.Tests.Auto;

/// <summary>
/// <c>nas auto --search proxy</c> through the real executable on a tiny data set. The proxy plan times up to 30
/// candidates before the final training, so on a short budget a probe slowed by other processes (two test classes
/// beside it on two cores) leaves the reference fewer epochs than asked and the plan falls back: it runs alone.
/// </summary>
[Collection(nameof(RunsAlone))]
public class AutoProxyCliTests : IClassFixture<AutoProxyCliTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-auto-proxy-", train: 240, test: 40);

    private readonly Workspace _w;
    public AutoProxyCliTests(Workspace w) => _w = w;

    private string[] Args(string dir, string budget) => AutoCliTests.Args(_w.Data, dir, budget);

    private static IReadOnlyList<SearchStep> Steps(string dir, string kind) => AutoCliTests.Steps(dir, kind);

    [Fact]
    public void The_proxy_search_trains_nothing_before_the_final_and_chooses_the_best_ranked_network_that_affords_its_epochs()
    {
        var dir = Path.Combine(_w.Root, "proxy");
        var r = NasProcess.Run(_w.Root, [.. Args(dir, "45s"), "--search", "proxy", "--proxy-epochs", "10", "--replicas", "1"]);
        Assert.True(r.ExitCode == 0, r.All);
        // 45 s: the reference affords about 200 epochs at the 3,000 images/s it trains at here alone; 10 need about 1,100.
        Assert.True(r.Output.Contains("by a zero-cost proxy"), r.All);
        Assert.Contains("by naswot", r.Output);
        Assert.Empty(Steps(dir, "auto-trial"));
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        var plan = System.Text.Json.JsonSerializer.Deserialize<Nas.Torch.Auto.AutoPlan>(JsonNode.Parse(Steps(dir, "auto-plan").Single().Json)!["plan"]!.ToJsonString(), options)!;
        Assert.Equal(Nas.Torch.Auto.AutoPlanner.Proxy, plan.Search);
        var candidates = JsonNode.Parse(Steps(dir, "auto-screen").Single().Json)!["candidates"]!.AsArray()
            .Select(c => (Index: c!["index"]!.GetValue<int>(), Architecture: Nas.Architectures.Architecture.FromJson(c["architecture"]!.GetValue<string>()), Score: c["score"]!.GetValue<double>())).ToList();
        Assert.Equal(Nas.Spaces.Residual.ResidualSpace.Baseline, candidates[0].Architecture);
        // Ranked by the proxy behind the reference.
        Assert.Equal(candidates.Skip(1).Select(c => c.Score).OrderDescending(), candidates.Skip(1).Select(c => c.Score));
        // The rule, from the logged speeds: the first of those scoring above the reference whose speed affords the
        // epochs asked for, else the reference; only candidates up to the chosen one were timed.
        var speeds = Steps(dir, "auto-speed").Select(s => JsonNode.Parse(s.Json)!)
            .ToDictionary(n => n["candidate"]!.GetValue<int>(), n => n["images_per_second"]!.GetValue<double>());
        var above = candidates.Skip(1).Where(c => c.Score > candidates[0].Score).Take(Nas.Torch.Auto.AutoPlanner.ProxyTimings).ToList();
        Assert.NotEmpty(above);
        int expected = 0, timed = 0;
        foreach (var c in above)
        {
            timed++;
            if (Nas.Torch.Auto.AutoPlanner.ProxyAffords(plan, plan.ImagesPerSecond * speeds[c.Index] / speeds[Nas.Torch.Auto.AutoLog.ProbeSpeed]) >= 10) { expected = c.Index; break; }
        }
        Assert.Equal(timed, speeds.Keys.Count(k => k >= 0));
        Assert.Equal(expected, JsonNode.Parse(Steps(dir, "auto-final").Single().Json)!["candidate"]!.GetValue<int>());
        Assert.Equal(candidates[expected].Architecture, Nas.Architectures.Architecture.FromJson(File.ReadAllText(Path.Combine(dir, "best.json"))));
        Assert.True(File.Exists(Path.Combine(dir, "model.bin")));

        // Asking for more epochs than the reference affords: the space's short-budget network, for the whole budget.
        var fallback = Path.Combine(_w.Root, "proxy-fallback");
        var f = NasProcess.Run(_w.Root, [.. Args(fallback, "30s"), "--search", "proxy", "--proxy-epochs", "100000", "--replicas", "1"]);
        Assert.True(f.ExitCode == 0, f.All);
        Assert.Contains("too short for a larger network to pay", f.Output);
        Assert.Contains("so the short-budget network c8 /2 32x1k3 64x1k3 128x1k3 trains for all of it", f.Output);
        var c8 = new Nas.Spaces.Residual.ResidualSpaceKind().ShortBudget(Nas.Spaces.Residual.ResidualSpace.Create())!;
        Assert.Equal(c8, Nas.Architectures.Architecture.FromJson(File.ReadAllText(Path.Combine(fallback, "best.json"))));
        // Unless it is over --max-params: then the reference.
        var small = Path.Combine(_w.Root, "proxy-fallback-small");
        var s = NasProcess.Run(_w.Root, [.. Args(small, "30s"), "--search", "proxy", "--proxy-epochs", "100000", "--replicas", "1", "--max-params", "483000"]);
        Assert.True(s.ExitCode == 0, s.All);
        Assert.Equal(Nas.Spaces.Residual.ResidualSpace.Baseline, Nas.Architectures.Architecture.FromJson(File.ReadAllText(Path.Combine(small, "best.json"))));

        // A proxy that ranks nothing cannot choose: refused in one line before anything is written.
        var bad = Path.Combine(_w.Root, "proxy-none");
        var refused = NasProcess.Run(_w.Root, [.. Args(bad, "30s"), "--search", "proxy", "--proxy", "none"]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--proxy", refused.Error);
        Assert.Single(refused.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(bad));
    }
}
