using Nas.Store;

namespace Nas.Tests.Core.Store;

/// <summary>
/// The stores the queue tests run against: SQLite, and PostgreSQL when <c>NAS_TEST_POSTGRES</c> holds a URL
/// (<c>.ci/run</c> starts a throw-away server and sets it). Without it the PostgreSQL cases are reported skipped
/// (tests taking a backend are <c>[SkippableTheory]</c>), never counted as passed. Each PostgreSQL store is a fresh experiment.
/// </summary>
public static class TestStores
{
    public static string? PostgresUrl => Environment.GetEnvironmentVariable("NAS_TEST_POSTGRES") is { Length: > 0 } url ? url : null;

    public static TheoryData<string> Backends
    {
        get
        {
            return new TheoryData<string> { "sqlite", "postgres" };
        }
    }

    private static int _counter;

    /// <summary>Skips the calling test when it needs PostgreSQL and no server was given.</summary>
    public static void SkipWithoutPostgres() =>
        Skip.If(PostgresUrl is null, "needs a PostgreSQL server: set NAS_TEST_POSTGRES (.ci/run does, with tools/postgres-sandbox.sh)");

    /// <summary>A new, empty experiment: a file in <paramref name="dir"/>, or a new schema on the server (skipped without one).</summary>
    public static SqlExperimentStore Create(string backend, string dir)
    {
        if (backend == "postgres") SkipWithoutPostgres();
        return CreateOn(backend, dir);
    }

    private static SqlExperimentStore CreateOn(string backend, string dir) => backend switch
    {
        "sqlite" => SqliteExperimentStore.Open(Path.Combine(dir, $"e{Interlocked.Increment(ref _counter)}.db")),
        "postgres" => PostgresExperimentStore.Open(StorageLocation.Parse(PostgresUrl!), NewName()),
        _ => throw new ArgumentException(backend),
    };

    /// <summary>A second connection to the same experiment (another process would open one).</summary>
    public static SqlExperimentStore Reopen(SqlExperimentStore store) => store switch
    {
        SqliteExperimentStore s => SqliteExperimentStore.Open(s.Path, create: false),
        PostgresExperimentStore p => PostgresExperimentStore.Open(StorageLocation.Parse(PostgresUrl!), p.Experiment, create: false),
        _ => throw new ArgumentException("unknown store"),
    };

    public static string NewName() => $"t{DateTime.UtcNow:HHmmssfff}_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
}
