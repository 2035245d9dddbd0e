using Nas.Evaluation;
using Nas.Spaces.Macro;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Tests.Core.Store;

public class ExperimentStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nas-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Polls until <paramref name="attempt"/> gives a value, for up to a generous minute; fails after that.</summary>
    private static T Eventually<T>(Func<T?> attempt) where T : class
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (attempt() is { } value) return value;
            if (clock.Elapsed > Minute) throw new Xunit.Sdk.XunitException("the condition did not come true within a minute");
            Thread.Sleep(10);
        }
    }

    private static Proposal P(long id, int seed = 1) => new(id, ArchitectureSampler.Sample(MacroSpace.Create(), new Random(seed + (int)id)));

    [SkippableTheory]
    [MemberData(nameof(TestStores.Backends), MemberType = typeof(TestStores))]
    public void Trials_epochs_and_configuration_survive_reopening(string backend)
    {
        var arch = ArchitectureSampler.Sample(MacroSpace.Create(), new Random(1));
        var epoch = new EpochMetrics(1, 0.9, 0.7, 0.8, 0.75, 12.5, 1000);
        var metrics = new TrialMetrics(0.75, 0.8, 12345, 678900, 12.5, new[] { epoch }) { LatencyMilliseconds = 1.25 };
        using var first = TestStores.Create(backend, _dir);
        first.SaveConfiguration("{\"seed\": 3}");
        long a = first.Enqueue(new Proposal(0, arch), 42);
        long b = first.Enqueue(new Proposal(1, arch), 43);
        first.Enqueue(new Proposal(2, arch), 44);
        Assert.Equal(a, first.Claim("w1", Minute, 3)!.TrialId);
        first.AddEpoch(a, "w1", epoch);
        Assert.True(first.Finish(a, "w1", TrialOutcome.Completed(metrics)));
        Assert.Equal(b, first.Claim("w1", Minute, 3)!.TrialId);
        Assert.True(first.Finish(b, "w1", TrialOutcome.Failed("training diverged: loss is NaN")));
        first.Claim("w2", Minute, 3);

        using var store = TestStores.Reopen(first);
        Assert.Equal("{\"seed\": 3}", store.LoadConfiguration());
        var trials = store.Trials();
        Assert.Equal(3, trials.Count);
        var t = trials[0];
        Assert.Equal(TrialStatus.Completed, t.Status);
        Assert.Equal(0.75, t.ValidationAccuracy);
        Assert.Equal(12345, t.Parameters);
        Assert.Equal(678900, t.MultiplyAdds);
        Assert.Equal(1.25, t.LatencyMilliseconds);
        Assert.Null(trials[1].LatencyMilliseconds);
        Assert.Equal(1.25, Nas.Execution.Coordinator.OutcomeOf(t).Metrics!.LatencyMilliseconds);
        Assert.Equal(42, t.Seed);
        Assert.Equal(arch, Nas.Architectures.Architecture.FromJson(t.ArchitectureJson));
        Assert.Equal(new[] { epoch }, t.Epochs);
        Assert.NotNull(t.FinishedAt);
        Assert.Equal(1, t.Attempts);
        Assert.Equal(TrialStatus.Failed, trials[1].Status);
        Assert.Equal("training diverged: loss is NaN", trials[1].Error);
        Assert.Null(trials[1].ValidationAccuracy);
        Assert.Equal(TrialStatus.Running, trials[2].Status);
        Assert.Equal("w2", trials[2].Worker);
        Assert.Equal(new QueueCounts(3, 0, 1, 3), store.Counts());
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Backends), MemberType = typeof(TestStores))]
    public void Concurrent_claimers_never_share_a_trial(string backend)
    {
        using var store = TestStores.Create(backend, _dir);
        const int trials = 120, claimers = 8;
        for (int i = 0; i < trials; i++) store.Enqueue(P(i), i);
        var claimed = new System.Collections.Concurrent.ConcurrentBag<(string Worker, long Trial)>();
        var threads = Enumerable.Range(0, claimers).Select(w => new Thread(() =>
        {
            // Each claimer has its own connection, as separate processes would.
            using var mine = TestStores.Reopen(store);
            while (mine.Claim($"w{w}", Minute, 3) is { } c)
            {
                claimed.Add(($"w{w}", c.TrialId));
                Assert.True(mine.Finish(c.TrialId, $"w{w}", TrialOutcome.Failed("done")));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Equal(trials, claimed.Count);
        Assert.Equal(trials, claimed.Select(c => c.Trial).Distinct().Count());
        Assert.True(claimed.Select(c => c.Worker).Distinct().Count() > 1, "the claims should spread over the claimers");
        Assert.All(store.Trials(), t => Assert.Equal(1, t.Attempts));
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Backends), MemberType = typeof(TestStores))]
    public void A_silent_worker_loses_its_trial_to_the_next_and_cannot_write_to_it(string backend)
    {
        using var store = TestStores.Create(backend, _dir);
        long id = store.Enqueue(P(0), 7);
        // Leases of a minute while the lease must hold, so a slow machine cannot let it lapse early; then a renewal
        // of a millisecond, and the next claim is awaited (leases run on the database's clock, not the test's).
        Assert.Equal(id, store.Claim("dead", Minute, 3)!.TrialId);
        Assert.Null(store.Claim("other", Minute, 3)); // held, not expired
        Assert.True(store.Renew(id, "dead", Minute));
        Assert.True(store.Renew(id, "dead", TimeSpan.FromMilliseconds(1)));
        var again = Eventually(() => store.Claim("other", Minute, 3));
        Assert.Equal(id, again.TrialId);
        Assert.Equal(2, again.Attempt);
        // The first worker wakes up: its renewals, epochs and result are refused.
        Assert.False(store.Renew(id, "dead", Minute));
        store.AddEpoch(id, "dead", new EpochMetrics(1, 1, 0.1, 1, 0.1, 1, 1));
        Assert.False(store.Finish(id, "dead", TrialOutcome.Failed("late")));
        Assert.Empty(store.Trials()[0].Epochs);
        Assert.True(store.Finish(id, "other", TrialOutcome.Failed("fine")));
        Assert.Equal("fine", store.Trials()[0].Error);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Backends), MemberType = typeof(TestStores))]
    public void A_trial_whose_workers_keep_dying_fails_after_the_attempt_limit(string backend)
    {
        using var store = TestStores.Create(backend, _dir);
        long id = store.Enqueue(P(0), 7);
        var lease = TimeSpan.FromMilliseconds(1); // lapses at once; each step below waits for the database to see it
        Assert.NotNull(store.Claim("a", lease, 2));
        Assert.Equal(2, Eventually(() => store.Claim("b", lease, 2)).Attempt);
        // The second attempt's lease lapses too: the next claim gets nothing and the trial has failed.
        Eventually(() => store.Claim("c", lease, 2) is null && store.Trials().Single().Status == TrialStatus.Failed ? "failed" : null);
        var t = store.Trials().Single();
        Assert.Equal(TrialStatus.Failed, t.Status);
        Assert.Contains("lease expired", t.Error);
        Assert.Single(store.Untold()); // the strategy hears of it as a failure
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Backends), MemberType = typeof(TestStores))]
    public void Told_marks_and_strategy_state_are_written_together(string backend)
    {
        using var store = TestStores.Create(backend, _dir);
        long a = store.Enqueue(P(0), 1, new StrategySnapshot("s", [1]));
        long b = store.Enqueue(P(1), 2, new StrategySnapshot("s", [2]));
        Assert.Equal(new byte[] { 2 }, store.LoadState("s"));
        Assert.Equal(a, store.Claim("w", Minute, 3)!.TrialId); // oldest first
        Assert.Equal(b, store.Claim("w", Minute, 3)!.TrialId);
        store.Finish(b, "w", TrialOutcome.Failed("x"));
        store.Finish(a, "w", TrialOutcome.Failed("y"));
        Assert.Equal(new[] { b, a }, store.Untold().Select(t => t.Id)); // in the order they finished
        store.MarkTold(b, new StrategySnapshot("s", [3]));
        Assert.Equal(new[] { a }, store.Untold().Select(t => t.Id));
        Assert.Equal(new byte[] { 3 }, store.LoadState("s"));
        Assert.Equal(1, store.Counts().Untold);
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Backends), MemberType = typeof(TestStores))]
    public void Requeue_returns_one_workers_trials_and_epoch_values_skip_the_asker(string backend)
    {
        using var store = TestStores.Create(backend, _dir);
        for (int i = 0; i < 3; i++) store.Enqueue(P(i), i);
        var x = store.Claim("x", Minute, 3)!;
        var y = store.Claim("y", Minute, 3)!;
        store.AddEpoch(x.TrialId, "x", new EpochMetrics(1, 1, 0.5, 1, 0.40, 1, 1));
        store.AddEpoch(y.TrialId, "y", new EpochMetrics(1, 1, 0.5, 1, 0.60, 1, 1));
        var others = store.EpochValues(1, x.TrialId);
        Assert.Equal(0.60, Assert.Single(others).Value);
        Assert.Equal(1, store.Requeue("x"));
        Assert.Equal(new QueueCounts(3, 2, 1, 3), store.Counts());
        var next = store.Claim("z", Minute, 3)!;
        Assert.Equal(x.TrialId, next.TrialId); // oldest first
        Assert.Empty(store.Trials().Single(t => t.Id == x.TrialId).Epochs); // a re-run starts its curve afresh
    }

    [Fact]
    public void Search_steps_and_strategy_state_survive_reopening()
    {
        var path = Path.Combine(_dir, "experiment.db");
        using (var store = SqliteExperimentStore.Open(path))
        {
            store.AddStep("controller", 2, "{\"mean_reward\":0.5}");
            store.AddStep("controller", 1, "{\"mean_reward\":0.25}");
            store.AddStep("darts", 1, "{\"entropy\":2.0}");
            store.AddStep("controller", 2, "{\"mean_reward\":0.75}"); // a replayed step replaces, never duplicates
            store.SaveState("controller", new byte[] { 1, 2, 3 });
            store.SaveState("controller", new byte[] { 4, 5 });
        }
        using (var store = SqliteExperimentStore.Open(path, create: false))
        {
            var controller = store.Steps("controller");
            Assert.Equal(new long[] { 1, 2 }, controller.Select(s => s.Step));
            Assert.Equal("{\"mean_reward\":0.75}", controller[1].Json);
            Assert.Equal(3, store.Steps().Count);
            Assert.Equal(new byte[] { 4, 5 }, store.LoadState("controller"));
            Assert.Null(store.LoadState("population"));
        }
    }

    [Fact]
    public void A_version_1_database_is_migrated_keeping_its_trials()
    {
        var path = Path.Combine(_dir, "v1.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                CREATE TABLE experiment (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE trials (id INTEGER PRIMARY KEY, proposal_id INTEGER NOT NULL, architecture TEXT NOT NULL,
                    status TEXT NOT NULL, seed INTEGER NOT NULL, val_accuracy REAL, val_loss REAL, parameters INTEGER,
                    multiply_adds INTEGER, train_seconds REAL, started_at TEXT NOT NULL, finished_at TEXT, error TEXT);
                CREATE TABLE trial_epochs (trial_id INTEGER NOT NULL REFERENCES trials(id), epoch INTEGER NOT NULL,
                    train_loss REAL, train_accuracy REAL, val_loss REAL, val_accuracy REAL, seconds REAL, images_per_second REAL,
                    PRIMARY KEY (trial_id, epoch));
                INSERT INTO experiment VALUES ('configuration', '{"v":1}');
                PRAGMA user_version = 1;
                """;
            cmd.ExecuteNonQuery();
        }
        using var store = SqliteExperimentStore.Open(path, create: false);
        Assert.Equal("{\"v\":1}", store.LoadConfiguration());
        store.AddStep("controller", 1, "{}");
        Assert.Single(store.Steps());
        Assert.Empty(store.Trials()); // reads every column, latency_ms (v4) included
    }

    [SkippableTheory]
    [MemberData(nameof(TestStores.Backends), MemberType = typeof(TestStores))]
    public void A_read_only_store_reads_everything_and_cannot_write(string backend)
    {
        using var store = TestStores.Create(backend, _dir);
        store.SaveConfiguration("{\"seed\": 5}");
        store.Enqueue(P(0), 3);
        store.AddStep("controller", 1, "{}");
        var location = store switch
        {
            SqliteExperimentStore s => StorageLocation.Sqlite(s.Path),
            _ => StorageLocation.Parse(TestStores.PostgresUrl!),
        };
        string? experiment = (store as PostgresExperimentStore)?.Experiment;
        using var reader = location.OpenReadOnly(experiment);
        Assert.Equal("{\"seed\": 5}", reader.LoadConfiguration());
        Assert.Single(reader.Trials());
        Assert.Single(reader.Steps());
        Assert.ThrowsAny<System.Data.Common.DbException>(() => reader.AddStep("controller", 2, "{}"));
        Assert.Single(store.Steps());
        if (experiment is not null)
            Assert.Contains("no such experiment", Assert.Throws<NasUserException>(() => location.OpenReadOnly(TestStores.NewName())).Message);
    }

    [Fact]
    public void Opening_a_missing_database_without_create_is_a_user_error()
    {
        var e = Assert.Throws<NasUserException>(() => SqliteExperimentStore.Open(Path.Combine(_dir, "none.db"), create: false));
        Assert.Contains("none.db", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_named()
    {
        var path = Path.Combine(_dir, "junk.db");
        File.WriteAllText(path, new string('x', 4096));
        var e = Assert.Throws<NasUserException>(() => SqliteExperimentStore.Open(path, create: false));
        Assert.Contains("junk.db", e.Message);
    }

    [Theory]
    [InlineData("mysql://x/y", StoragePart.Url, "expected sqlite:///PATH or postgresql://user@host/database")]
    [InlineData("sqlite:///", StoragePart.Url, "sqlite:/// needs a file path")]
    [InlineData("postgresql://nas:secret@127.0.0.1:1/", StoragePart.Url, "postgresql://nas@127.0.0.1:1/: the URL names no database")]
    public void A_bad_storage_url_says_what_is_wrong_without_the_password(string url, StoragePart part, string problem)
    {
        var e = Assert.Throws<StorageLocationException>(() => StorageLocation.Parse(url));
        Assert.Equal(part, e.Part);
        Assert.StartsWith(problem, e.Problem);
        Assert.DoesNotContain("secret", e.Message);
        Assert.DoesNotContain("--", e.Message);
    }

    [Fact]
    public void A_bad_experiment_name_or_none_for_postgres_is_about_the_experiment()
    {
        var e = Assert.Throws<StorageLocationException>(() => StorageLocation.ValidateExperimentName("Bad-Name"));
        Assert.Equal(StoragePart.Experiment, e.Part);
        Assert.StartsWith("'Bad-Name' is not a valid name", e.Problem);
        var none = Assert.Throws<StorageLocationException>(() => StorageLocation.Parse("postgresql://nas@127.0.0.1:1/db").Open(null, create: false));
        Assert.Equal(StoragePart.Experiment, none.Part);
        Assert.Equal("experiment name: a PostgreSQL storage needs an experiment name", none.Message);
        StorageLocation.ValidateExperimentName("good_name_1");
    }
}
