using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Nas.Store;

namespace Nas.Tests.Cli;

/// <summary><c>nas show</c> reads and never writes: whatever file it is pointed at stays byte for byte as it was.</summary>
public class ShowReadOnlyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nas-show-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private string Experiment(string name, Action<string> write)
    {
        var dir = Path.Combine(_dir, name);
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "experiment.db");
        write(db);
        return db;
    }

    private static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public static TheoryData<string> Foreign => new() { "empty", "random", "other-sqlite" };

    private string ForeignFile(string kind) => Experiment(kind, db =>
    {
        switch (kind)
        {
            case "empty": File.WriteAllBytes(db, []); break;
            case "random": File.WriteAllBytes(db, RandomNumberGenerator.GetBytes(8192)); break;
            default: Sql(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES ('mine');"); break;
        }
    });

    [Theory]
    [MemberData(nameof(Foreign))]
    public void Show_refuses_a_file_that_is_not_a_nas_experiment_and_leaves_it_unchanged(string kind)
    {
        var db = ForeignFile(kind);
        string before = Hash(db);
        long length = new FileInfo(db).Length;
        var r = NasProcess.Run(_dir, "show", Path.GetDirectoryName(db)!);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"{db} is not a nas experiment", r.Error);
        Assert.Single(r.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", r.All);
        Assert.Equal(length, new FileInfo(db).Length);
        Assert.Equal(before, Hash(db));
        var direct = NasProcess.Run(_dir, "show", db); // the file itself, not its directory
        Assert.Equal(1, direct.ExitCode);
        Assert.Contains("is not a nas experiment", direct.Error);
        Assert.Equal(before, Hash(db));
    }

    [Theory]
    [MemberData(nameof(Foreign))]
    public void The_store_refuses_to_write_its_schema_into_a_foreign_file(string kind)
    {
        var db = ForeignFile(kind);
        string before = Hash(db);
        Assert.Contains("is not a nas experiment", Assert.Throws<NasUserException>(() => SqliteExperimentStore.OpenReadOnly(db)).Message);
        // A writer opening an existing experiment (search --resume, worker) refuses it too; only a new one may start in an empty file.
        Assert.Contains("is not a nas experiment", Assert.Throws<NasUserException>(() => SqliteExperimentStore.Open(db, create: false)).Message);
        if (kind != "empty")
            Assert.Contains("is not a nas experiment", Assert.Throws<NasUserException>(() => SqliteExperimentStore.Open(db, create: true)).Message);
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public void Show_reads_an_experiment_of_an_older_schema_without_migrating_it()
    {
        var db = Experiment("v1", path => Sql(path, """
            CREATE TABLE experiment (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE trials (id INTEGER PRIMARY KEY, proposal_id INTEGER NOT NULL, architecture TEXT NOT NULL,
                status TEXT NOT NULL, seed INTEGER NOT NULL, val_accuracy REAL, val_loss REAL, parameters INTEGER,
                multiply_adds INTEGER, train_seconds REAL, started_at TEXT NOT NULL, finished_at TEXT, error TEXT);
            CREATE TABLE trial_epochs (trial_id INTEGER NOT NULL REFERENCES trials(id), epoch INTEGER NOT NULL,
                train_loss REAL, train_accuracy REAL, val_loss REAL, val_accuracy REAL, seconds REAL, images_per_second REAL,
                PRIMARY KEY (trial_id, epoch));
            INSERT INTO experiment VALUES ('configuration', '{"v":1}');
            PRAGMA user_version = 1;
            """));
        string before = Hash(db);
        var r = NasProcess.Run(_dir, "show", Path.GetDirectoryName(db)!, "--config");
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("{\"v\":1}", r.Output);
        Assert.Contains("0 trials", r.Output);
        Assert.Equal(before, Hash(db));
        using var store = SqliteExperimentStore.OpenReadOnly(db);
        Assert.Empty(store.Trials());
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public void Show_of_a_current_experiment_leaves_the_file_unchanged_and_cannot_write()
    {
        var db = Experiment("current", path =>
        {
            using var store = SqliteExperimentStore.Open(path);
            store.SaveConfiguration("{\"seed\": 1}");
            store.AddStep("controller", 1, "{\"mean_reward\":0.5}");
        });
        string before = Hash(db);
        var files = Directory.GetFiles(Path.GetDirectoryName(db)!);
        var r = NasProcess.Run(_dir, "show", Path.GetDirectoryName(db)!);
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("search log: controller", r.Output);
        Assert.Equal(before, Hash(db));
        Assert.Equal(files, Directory.GetFiles(Path.GetDirectoryName(db)!)); // no -wal or -shm left behind
        using var readOnly = SqliteExperimentStore.OpenReadOnly(db);
        Assert.Single(readOnly.Steps());
        Assert.ThrowsAny<SqliteException>(() => readOnly.AddStep("controller", 2, "{}"));
        Assert.Equal(before, Hash(db));
    }

    [Fact]
    public void A_newer_schema_is_named_and_left_alone()
    {
        var db = Experiment("newer", path =>
        {
            using (SqliteExperimentStore.Open(path)) { }
            Sql(path, $"PRAGMA user_version = {SqlExperimentStore.SchemaVersion + 1};");
        });
        string before = Hash(db);
        var r = NasProcess.Run(_dir, "show", Path.GetDirectoryName(db)!);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("written by a newer nas", r.Error);
        Assert.Equal(before, Hash(db));
    }
}
