using Nas.Evaluation;
using Nas.Spaces.Macro;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Tests.Core;

public class SqliteExperimentStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nas-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Trials_epochs_and_configuration_survive_reopening()
    {
        var path = Path.Combine(_dir, "experiment.db");
        var arch = ArchitectureSampler.Sample(MacroSpace.Create(), new Random(1));
        var epoch = new EpochMetrics(1, 0.9, 0.7, 0.8, 0.75, 12.5, 1000);
        var metrics = new TrialMetrics(0.75, 0.8, 12345, 678900, 12.5, new[] { epoch });
        using (var store = SqliteExperimentStore.Open(path))
        {
            store.SaveConfiguration("{\"seed\": 3}");
            long a = store.StartTrial(0, arch, 42);
            store.AddEpoch(a, epoch);
            store.FinishTrial(a, TrialOutcome.Completed(metrics));
            long b = store.StartTrial(1, arch, 43);
            store.FinishTrial(b, TrialOutcome.Failed("training diverged: loss is NaN"));
            store.StartTrial(2, arch, 44);
        }
        using (var store = SqliteExperimentStore.Open(path, create: false))
        {
            Assert.Equal("{\"seed\": 3}", store.LoadConfiguration());
            var trials = store.Trials();
            Assert.Equal(3, trials.Count);
            var t = trials[0];
            Assert.Equal(TrialStatus.Completed, t.Status);
            Assert.Equal(0.75, t.ValidationAccuracy);
            Assert.Equal(12345, t.Parameters);
            Assert.Equal(678900, t.MultiplyAdds);
            Assert.Equal(42, t.Seed);
            Assert.Equal(arch, Nas.Architectures.Architecture.FromJson(t.ArchitectureJson));
            Assert.Equal(new[] { epoch }, t.Epochs);
            Assert.NotNull(t.FinishedAt);
            Assert.Equal(TrialStatus.Failed, trials[1].Status);
            Assert.Equal("training diverged: loss is NaN", trials[1].Error);
            Assert.Null(trials[1].ValidationAccuracy);
            Assert.Equal(TrialStatus.Running, trials[2].Status);
        }
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
}
