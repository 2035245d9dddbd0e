using Nas.Store;

namespace Nas.Tests.Core.Store;

/// <summary>
/// The stores the queue tests run against: SQLite always, PostgreSQL when <c>NAS_TEST_POSTGRES</c> holds a
/// URL (<c>.ci/run</c> starts a throw-away server and sets it). Each PostgreSQL store is a fresh experiment.
/// </summary>
public static class TestStores
{
    public static string? PostgresUrl => Environment.GetEnvironmentVariable("NAS_TEST_POSTGRES") is { Length: > 0 } url ? url : null;

    public static TheoryData<string> Backends
    {
        get
        {
            var data = new TheoryData<string> { "sqlite" };
            if (PostgresUrl is not null) data.Add("postgres");
            return data;
        }
    }

    private static int _counter;

    /// <summary>A new, empty experiment: a file in <paramref name="dir"/>, or a new schema on the server.</summary>
    public static SqlExperimentStore Create(string backend, string dir) => backend switch
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
