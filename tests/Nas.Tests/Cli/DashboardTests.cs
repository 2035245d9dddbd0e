using System.Net;
using System.Text.RegularExpressions;
using Nas.Reporting;
using Nas.Store;

namespace Nas.Tests.Cli;

/// <summary>The live dashboard on a real small search: its pages over HTTP, following the store as it changes.</summary>
public class DashboardTests : IClassFixture<DashboardTests.Workspace>
{
    public sealed class Workspace() : IdxWorkspace("nas-dash-", train: 300, test: 60);

    private readonly Workspace _w;
    public DashboardTests(Workspace w) => _w = w;

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task The_dashboard_serves_the_report_and_follows_the_store()
    {
        var run = Path.Combine(_w.Root, "run");
        var search = NasProcess.Run(_w.Root, "search", "random", "--space", "macro", "--data-dir", _w.Data, "--trials", "2", "--epochs", "1",
            "--subset", "150", "--validation", "60", "--layers", "2", "--batch-size", "50", "--out", run);
        Assert.True(search.ExitCode == 0, search.All);
        var db = Path.Combine(run, "experiment.db");
        using (var dashboard = new Dashboard(() => SqliteExperimentStore.OpenReadOnly(db), run))
        {
            Assert.Equal("127.0.0.1", dashboard.Address.Host);
            var page = await Http.GetStringAsync(dashboard.Address);
            Assert.Contains("<meta http-equiv=\"refresh\"", page);
            Assert.Contains("2 trials, 0 search-log steps", page);
            Assert.Contains("Validation accuracy by trial", page);
            var json = System.Text.Json.JsonDocument.Parse(await Http.GetStringAsync(new Uri(dashboard.Address, "experiment.json")));
            Assert.Equal(2, json.RootElement.GetProperty("trials").GetArrayLength());
            Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(dashboard.Address, "elsewhere"))).StatusCode);

            // A writer adds to the experiment: the next request shows it.
            using (var store = SqliteExperimentStore.Open(db, create: false)) store.AddStep("controller", 1, "{\"mean_reward\":0.5}");
            Assert.Contains("2 trials, 1 search-log steps", await Http.GetStringAsync(dashboard.Address));
        }

        // The command: one line with the address, then it serves until stopped.
        var process = NasProcess.Start(_w.Root, "dashboard", run, "--port", "0");
        try
        {
            Assert.True(process.WaitForOutput("dashboard at ", TimeSpan.FromSeconds(60)), process.Output);
            var address = Regex.Match(process.Output, @"http://127\.0\.0\.1:\d+/").Value;
            Assert.Contains("nas random on macro", await Http.GetStringAsync(address));
        }
        finally { process.Process.Kill(true); process.Process.WaitForExit(); }
        var missing = NasProcess.Run(_w.Root, "dashboard", Path.Combine(_w.Root, "nowhere"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no experiment here", missing.Error);
    }
}
