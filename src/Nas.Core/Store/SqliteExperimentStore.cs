using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Nas.Store;

/// <summary>
/// One SQLite file per experiment, in WAL mode so readers (<c>nas show</c>) never block the search, shared by
/// every process on one machine (the search and local <c>nas worker</c>s). The schema version is kept in
/// <c>PRAGMA user_version</c>. One connection, used by one thread at a time; transactions begin immediate,
/// so a claim is atomic between processes too.
/// </summary>
public sealed class SqliteExperimentStore : SqlExperimentStore
{
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();

    private SqliteExperimentStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    public override string Location => Path;

    /// <summary>Opens (creating when asked) and migrates an experiment database.</summary>
    public static SqliteExperimentStore Open(string path, bool create = true)
    {
        if (!create && !File.Exists(path)) throw new NasUserException($"{path}: no experiment database there");
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString());
        try
        {
            connection.Open();
            var store = new SqliteExperimentStore(connection, path);
            Execute(connection, null, "PRAGMA journal_mode=WAL;");
            Execute(connection, null, "PRAGMA busy_timeout=30000;");
            store.Migrate();
            return store;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new NasUserException($"{path}: cannot open the experiment database: {e.Message}");
        }
    }

    protected override T Use<T>(Func<DbConnection, T> work)
    {
        lock (_gate) return work(_connection);
    }

    protected override string IdentityColumn => "INTEGER PRIMARY KEY";
    protected override string BlobType => "BLOB";
    protected override string NowMilliseconds => "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    protected override string SkipLocked => "";

    protected override long ReadVersion(DbConnection connection, DbTransaction tx) => Convert.ToInt64(Scalar(connection, tx, "PRAGMA user_version;"));

    protected override void WriteVersion(DbConnection connection, DbTransaction tx, long version) => Execute(connection, tx, $"PRAGMA user_version = {version};");

    public override void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }
}
