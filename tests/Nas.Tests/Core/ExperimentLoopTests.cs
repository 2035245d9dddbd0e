using Nas.Architectures;
using Nas.Evaluation;
using Nas.Execution;
using Nas.Spaces.Macro;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Tests.Core;

public class ExperimentLoopTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nas-loop-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Remembers what it was told, to check that failures are told and nothing is dropped.</summary>
    private sealed class RecordingStrategy : IStrategy
    {
        private readonly RandomSearch _inner;
        public List<(Proposal, TrialOutcome)> Told { get; } = new();
        public RecordingStrategy(int seed) => _inner = new RandomSearch(MacroSpace.Create(), seed);
        public string Name => "recording";
        public Proposal Ask() => _inner.Ask();
        public void Tell(Proposal proposal, TrialOutcome outcome) => Told.Add((proposal, outcome));
    }

    [Fact]
    public async Task Runs_the_budget_records_every_trial_and_tells_failures()
    {
        using var store = SqliteExperimentStore.Open(Path.Combine(_dir, "e.db"));
        var strategy = new RecordingStrategy(1);
        int calls = 0;
        var evaluator = new FunctionEvaluator(a =>
        {
            if (++calls % 3 == 0) throw new InvalidOperationException("boom");
            return a["L2.filters"].Index / 3.0;
        });
        var summary = await new ExperimentLoop(strategy, evaluator, store, seed: 5).RunAsync(Budget.Trials(9));

        Assert.Equal(6, summary.Completed);
        Assert.Equal(3, summary.Failed);
        Assert.Equal(9, strategy.Told.Count);
        Assert.Equal(3, strategy.Told.Count(t => t.Item2.Status == TrialStatus.Failed && t.Item2.Error!.Contains("boom")));
        var trials = store.Trials();
        Assert.Equal(9, trials.Count);
        Assert.Equal(3, trials.Count(t => t.Status == TrialStatus.Failed && t.Error!.Contains("boom")));
        var best = strategy.Told.Where(t => t.Item2.Objective is not null).MaxBy(t => t.Item2.Objective!.Value);
        Assert.Equal(best.Item2.Objective, summary.BestObjective);
    }

    [Fact]
    public async Task Workers_run_trials_at_once_and_every_result_is_told()
    {
        using var store = SqliteExperimentStore.Open(Path.Combine(_dir, "w.db"));
        var strategy = new RecordingStrategy(3);
        int running = 0, most = 0;
        var gate = new object();
        var evaluator = new DelegateEvaluator(async (a, ct) =>
        {
            lock (gate) { running++; most = Math.Max(most, running); }
            // Wait until a second trial has started (or give up after a while, which fails the test below).
            for (int i = 0; i < 200 && most < 2; i++) await Task.Delay(10, ct);
            await Task.Delay(20, ct);
            lock (gate) running--;
            return new TrialMetrics(a["L1.filters"].Index / 3.0, 0.5, 0, 0, 0, Array.Empty<EpochMetrics>());
        });
        var summary = await new ExperimentLoop(strategy, evaluator, store, seed: 5, workers: 2).RunAsync(Budget.Trials(7));
        Assert.Equal(2, most);
        Assert.Equal(7, summary.Completed);
        Assert.Equal(7, strategy.Told.Count);
        Assert.Equal(7, strategy.Told.Select(t => t.Item1.Id).Distinct().Count());
        Assert.All(store.Trials(), t => Assert.Equal(TrialStatus.Completed, t.Status));
    }

    [Fact]
    public async Task One_worker_never_overlaps_trials()
    {
        using var store = SqliteExperimentStore.Open(Path.Combine(_dir, "one.db"));
        int running = 0, most = 0;
        var evaluator = new DelegateEvaluator(async (a, ct) =>
        {
            most = Math.Max(most, ++running);
            await Task.Delay(5, ct);
            running--;
            return new TrialMetrics(0.5, 0.5, 0, 0, 0, Array.Empty<EpochMetrics>());
        });
        await new ExperimentLoop(new RecordingStrategy(4), evaluator, store, seed: 5).RunAsync(Budget.Trials(4));
        Assert.Equal(1, most);
    }

    [Fact]
    public async Task A_trial_is_told_it_runs_alone_only_when_its_worker_is_the_processs_only_one()
    {
        async Task<List<bool>> Contexts(string name, int workers)
        {
            using var store = SqliteExperimentStore.Open(Path.Combine(_dir, name));
            var alone = new System.Collections.Concurrent.ConcurrentBag<bool>();
            var evaluator = new ContextEvaluator(c => alone.Add(c.Alone));
            await new ExperimentLoop(new RecordingStrategy(4), evaluator, store, seed: 5, workers: workers).RunAsync(Budget.Trials(4));
            return [.. alone];
        }
        Assert.Equal([true, true, true, true], await Contexts("alone1.db", 1));
        Assert.Equal([false, false, false, false], await Contexts("alone2.db", 2));

        // A worker of its own (nas worker's): as its maker says.
        using var queue = SqliteExperimentStore.Open(Path.Combine(_dir, "alone-worker.db"));
        var coordinator = new Coordinator(new RecordingStrategy(4), queue, 5) { Pending = 2 }.RunAsync(Budget.Trials(2));
        foreach (bool mine in new[] { true, false })
        {
            var seen = new List<bool>();
            var worker = new TrialWorker($"w-{mine}", queue, new ContextEvaluator(c => seen.Add(c.Alone)), alone: mine);
            await worker.RunAsync(maxTrials: 1);
            Assert.Equal([mine], seen);
        }
        Assert.Equal(2, (await coordinator).Completed);
    }

    private sealed class ContextEvaluator(Action<TrialContext> seen) : IEvaluator
    {
        public Task<TrialMetrics> EvaluateAsync(Architecture architecture, TrialContext context, CancellationToken cancellationToken)
        {
            seen(context);
            return Task.FromResult(new TrialMetrics(0.5, 0.5, 0, 0, 0, Array.Empty<EpochMetrics>()));
        }
    }

    [Fact]
    public async Task Cancellation_returns_the_running_trial_to_the_queue_and_stops()
    {
        using var store = SqliteExperimentStore.Open(Path.Combine(_dir, "c.db"));
        var strategy = new RecordingStrategy(2);
        using var cts = new CancellationTokenSource();
        int calls = 0;
        var evaluator = new DelegateEvaluator(async (a, ct) =>
        {
            if (++calls == 3) { cts.Cancel(); ct.ThrowIfCancellationRequested(); }
            await Task.Yield();
            return new TrialMetrics(0.5, 0.5, 0, 0, 0, Array.Empty<EpochMetrics>());
        });
        var summary = await new ExperimentLoop(strategy, evaluator, store, 1).RunAsync(Budget.Trials(10), null, cts.Token);
        Assert.True(summary.Cancelled);
        Assert.Equal(2, summary.Completed);
        Assert.Equal(2, strategy.Told.Count); // the interrupted trial is not told
        Assert.Equal(1, summary.Interrupted);
        var trials = store.Trials();
        Assert.Equal(3, trials.Count);
        Assert.Equal(TrialStatus.Pending, trials[2].Status); // --resume runs it
        Assert.Null(trials[2].Worker);
        Assert.False(trials[2].Told);
        Assert.Equal("stopped", store.GetValue("state"));
    }

    [Fact]
    public void Trial_seeds_are_fixed_by_experiment_seed_and_proposal()
    {
        Assert.Equal(ExperimentLoop.TrialSeed(1, 5), ExperimentLoop.TrialSeed(1, 5));
        Assert.NotEqual(ExperimentLoop.TrialSeed(1, 5), ExperimentLoop.TrialSeed(1, 6));
        Assert.NotEqual(ExperimentLoop.TrialSeed(1, 5), ExperimentLoop.TrialSeed(2, 5));
    }

    [Fact]
    public void A_default_worker_name_gives_back_its_process_only_on_this_machine()
    {
        Assert.Equal(Environment.ProcessId, TrialWorker.LocalProcessId(TrialWorker.DefaultName(3)));
        Assert.Null(TrialWorker.LocalProcessId("elsewhere-" + TrialWorker.DefaultName(3)));
        Assert.Null(TrialWorker.LocalProcessId(Environment.MachineName + "-worker"));
        Assert.Null(TrialWorker.LocalProcessId(Environment.MachineName + "-12-x"));
        Assert.Null(TrialWorker.LocalProcessId("gpu-box-7"));
    }

    [Fact]
    public async Task A_budget_is_required()
    {
        using var store = SqliteExperimentStore.Open(Path.Combine(_dir, "b.db"));
        var loop = new ExperimentLoop(new RecordingStrategy(1), new FunctionEvaluator(_ => 0), store, 1);
        var none = await Assert.ThrowsAsync<ArgumentException>(() => loop.RunAsync(new Budget(null, null)));
        Assert.Equal(nameof(Budget.MaxTrials), none.ParamName);
        Assert.Equal(nameof(Budget.MaxTrials), Assert.Throws<ArgumentOutOfRangeException>(() => new Budget(0, null).Validate()).ParamName);
        Assert.Equal(nameof(Budget.MaxDuration), Assert.Throws<ArgumentOutOfRangeException>(() => new Budget(null, TimeSpan.Zero).Validate()).ParamName);
        new Budget(null, TimeSpan.FromSeconds(1)).Validate();
    }

    [Fact]
    public void Queue_settings_name_the_property_at_fault()
    {
        Assert.Equal(nameof(QueueSettings.Lease), Assert.Throws<ArgumentOutOfRangeException>(() => new QueueSettings { Lease = TimeSpan.Zero }.Validated()).ParamName);
        Assert.Equal(nameof(QueueSettings.Heartbeat), Assert.Throws<ArgumentOutOfRangeException>(() =>
            new QueueSettings { Lease = TimeSpan.FromSeconds(10), Heartbeat = TimeSpan.FromSeconds(10) }.Validated()).ParamName);
        Assert.Equal(nameof(QueueSettings.MaxAttempts), Assert.Throws<ArgumentOutOfRangeException>(() => new QueueSettings { MaxAttempts = 0 }.Validated()).ParamName);
        Assert.Equal(nameof(QueueSettings.Poll), Assert.Throws<ArgumentOutOfRangeException>(() => new QueueSettings { Poll = TimeSpan.Zero }.Validated()).ParamName);
        new QueueSettings().Validated();
    }

    private sealed class DelegateEvaluator : IEvaluator
    {
        private readonly Func<Architecture, CancellationToken, Task<TrialMetrics>> _f;
        public DelegateEvaluator(Func<Architecture, CancellationToken, Task<TrialMetrics>> f) => _f = f;
        public Task<TrialMetrics> EvaluateAsync(Architecture architecture, TrialContext context, CancellationToken cancellationToken) => _f(architecture, cancellationToken);
    }
}
