using Nas.Evaluation;
using Nas.Execution;
using Nas.Spaces.Macro;
using Nas.Store;
using Nas.Strategies;
using Nas.Tests.Core.Store;

namespace Nas.Tests.Core;

/// <summary>A search that breaks off and resumes ends exactly where an unbroken one does.</summary>
public class ResumeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nas-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RegularizedEvolution Evolution() => new(MacroSpace.Create(), 11, new RegularizedEvolutionOptions(4, 2));

    // A deterministic score of the architecture, so both runs see the same results.
    private static readonly FunctionEvaluator Score = new(a => (a["L2.filters"].Index + a["L3.filter_height"].Index + a["L1.filter_width"].Index) / 10.0);

    /// <summary>Evolution that dies (an exception out of the coordinator, as a kill would stop it) at its Nth ask.</summary>
    private sealed class DyingStrategy(RegularizedEvolution inner, int dieAt) : IStatefulStrategy
    {
        private int _asks;
        public string Name => inner.Name;
        public Proposal Ask() => ++_asks == dieAt ? throw new InvalidOperationException("killed") : inner.Ask();
        public void Tell(Proposal proposal, TrialOutcome outcome) => inner.Tell(proposal, outcome);
        public string ExportState() => inner.ExportState();
        public void ImportState(string json) => inner.ImportState(json);
    }

    [Fact]
    public async Task A_broken_off_search_resumes_to_the_same_trials_as_an_unbroken_one()
    {
        const int budget = 14;
        using var whole = SqliteExperimentStore.Open(Path.Combine(_dir, "whole.db"));
        await new ExperimentLoop(Evolution(), Score, whole, seed: 3).RunAsync(Budget.Trials(budget));

        using var broken = SqliteExperimentStore.Open(Path.Combine(_dir, "broken.db"));
        var dying = new DyingStrategy(Evolution(), dieAt: 8);
        await Assert.ThrowsAsync<InvalidOperationException>(() => new ExperimentLoop(dying, Score, broken, seed: 3).RunAsync(Budget.Trials(budget)));
        Assert.Equal(7, broken.Trials().Count);

        var resumed = Evolution(); // a new process: a fresh strategy, restored from the store
        Assert.True(Coordinator.Restore(resumed, broken));
        Assert.Equal(7, resumed.Completed);
        var summary = await new ExperimentLoop(resumed, Score, broken, seed: 3).RunAsync(Budget.Trials(budget));

        var expected = whole.Trials();
        var actual = broken.Trials();
        Assert.Equal(budget, actual.Count);
        Assert.Equal(expected.Select(t => (t.ProposalId, t.ArchitectureJson, t.Seed)), actual.Select(t => (t.ProposalId, t.ArchitectureJson, t.Seed)));
        Assert.All(actual, t => Assert.True(t.Status == TrialStatus.Completed && t.Told && t.Attempts == 1));
        Assert.Equal(7, summary.Completed); // only this run's
        Assert.Equal(budget, resumed.Completed);
        Assert.Equal("finished", broken.GetValue(ExperimentState.Key));
    }

    [Fact]
    public async Task Results_that_arrived_while_the_coordinator_was_down_are_told_on_resume()
    {
        using var store = SqliteExperimentStore.Open(Path.Combine(_dir, "late.db"));
        var first = Evolution();
        var coordinator = new Coordinator(first, store, 3) { Pending = 3 };
        using (var stop = new CancellationTokenSource())
        {
            // Enqueue a few, then the coordinator goes away while a worker keeps working.
            var run = coordinator.RunAsync(Budget.Trials(6), null, null, stop.Token);
            while (store.Counts().Total < 3) await Task.Delay(10);
            stop.Cancel();
            await run;
        }
        var worker = new TrialWorker("w", store, Score);
        store.SetValue(ExperimentState.Key, ExperimentState.Running);
        await worker.RunAsync(maxTrials: 3);
        Assert.Equal(3, store.Untold().Count);

        var resumed = Evolution();
        Coordinator.Restore(resumed, store);
        Assert.Equal(3, resumed.Outstanding); // it remembers what it had proposed
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var finishing = new ExperimentLoop(resumed, Score, store, seed: 3).RunAsync(Budget.Trials(6), null, cts.Token);
        await finishing;
        var trials = store.Trials();
        Assert.Equal(6, trials.Count);
        Assert.All(trials, t => Assert.True(t.Told && t.Status == TrialStatus.Completed));
        Assert.Equal(6, resumed.Completed);
        Assert.Equal(0, resumed.Outstanding);
    }

    [SkippableFact]
    public async Task A_coordinator_and_two_workers_share_one_postgres_experiment()
    {
        TestStores.SkipWithoutPostgres();
        using var store = TestStores.Create("postgres", _dir);
        var strategy = Evolution();
        var settings = new QueueSettings { Poll = TimeSpan.FromMilliseconds(50), Lease = TimeSpan.FromSeconds(30), Heartbeat = TimeSpan.FromSeconds(5) };
        var coordinator = new Coordinator(strategy, store, 3, settings) { Pending = 2 };
        var done = new System.Collections.Concurrent.ConcurrentBag<string>();
        var workers = Enumerable.Range(0, 2).Select(i => Task.Run(async () =>
        {
            using var mine = TestStores.Reopen(store); // as on another machine
            var worker = new TrialWorker($"m{i}", mine, Score, settings);
            await worker.RunAsync();
            done.Add($"m{i}:{worker.Finished}");
        })).ToArray();
        var summary = await coordinator.RunAsync(Budget.Trials(12));
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
        var trials = store.Trials();
        Assert.Equal(12, summary.Completed);
        Assert.Equal(12, trials.Count);
        Assert.Equal(12, trials.Select(t => t.ProposalId).Distinct().Count());
        Assert.All(trials, t => Assert.True(t.Status == TrialStatus.Completed && t.Told && t.Attempts == 1));
        Assert.Equal(2, done.Count);
        Assert.Equal(12, done.Sum(d => int.Parse(d.Split(':')[1])));
        Assert.Equal("finished", store.GetValue(ExperimentState.Key));
    }
}
