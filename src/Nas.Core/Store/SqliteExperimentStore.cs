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
    // SQLite's result code for a file that is not a database.
    private const int NotADatabase = 26;

    private readonly SqliteConnection _connection;
    private readonly object _gate = new();

    private SqliteExperimentStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        Path = path;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public override string Location => Path;

    /// <summary>
    /// Opens (creating when asked) and migrates an experiment database. An existing file must be a nas
    /// experiment (or an empty file, when <paramref name="create"/>): nas tables are never written into
    /// someone else's database.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="create">Create the file when it does not exist; otherwise a missing file is a <see cref="NasUserException"/>.</param>
    public static SqliteExperimentStore Open(string path, bool create = true)
    {
        if (Directory.Exists(path)) throw new NasUserException($"{path} is a directory, not an experiment database");
        if (!create && !File.Exists(path)) throw new NasUserException($"{path}: no experiment database there");
        if (File.Exists(path))
        {
            using var check = OpenConnection(path, SqliteOpenMode.ReadOnly);
            Recognise(check, path, allowEmpty: create);
        }
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var connection = OpenConnection(path, create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite);
        try
        {
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

    /// <summary>
    /// Opens an experiment for reading only: the file is opened read-only and never written. Anything that is not
    /// a nas experiment is refused. A database of an older schema is copied into memory and the copy migrated,
    /// so it can be read as it is.
    /// </summary>
    /// <param name="path">The database file.</param>
    public static SqliteExperimentStore OpenReadOnly(string path)
    {
        if (Directory.Exists(path)) throw new NasUserException($"{path} is a directory, not an experiment database");
        if (!File.Exists(path)) throw new NasUserException($"{path}: no experiment database there");
        var connection = OpenConnection(path, SqliteOpenMode.ReadOnly);
        try
        {
            long version = Recognise(connection, path, allowEmpty: false);
            if (version == SchemaVersion) return new SqliteExperimentStore(connection, path);
            var memory = new SqliteConnection("Data Source=:memory:");
            memory.Open();
            connection.BackupDatabase(memory);
            connection.Dispose();
            var copy = new SqliteExperimentStore(memory, path);
            copy.Migrate();
            return copy;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new NasUserException($"{path}: cannot read the experiment database: {e.Message}");
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An experiment kept in memory only, gone when disposed: for library users who want a search's result but
    /// not its record, and for tests. It behaves as a file store (the same SQL, one connection).
    /// </summary>
    public static SqliteExperimentStore InMemory()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var store = new SqliteExperimentStore(connection, ":memory:");
        store.Migrate();
        return store;
    }

    private static SqliteConnection OpenConnection(string path, SqliteOpenMode mode)
    {
        // A read-only connection to a WAL database leaves -wal and -shm files behind (it may not delete them on
        // close). With no -wal file there is no writer and nothing unmerged, so the file is read as immutable:
        // SQLite then creates nothing next to it.
        bool immutable = mode == SqliteOpenMode.ReadOnly && !File.Exists(path + "-wal");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? new Uri(System.IO.Path.GetFullPath(path)).AbsoluteUri + "?immutable=1" : path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new NasUserException($"{path}: cannot open the experiment database: {e.Message}");
        }
    }

    /// <summary>
    /// The schema version of a nas experiment; an empty database is version 0 when <paramref name="allowEmpty"/>.
    /// Anything else (not SQLite, other tables, a newer schema) is refused, naming the file.
    /// </summary>
    private static long Recognise(SqliteConnection connection, string path, bool allowEmpty)
    {
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long version;
        try
        {
            using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table';";
                using var r = cmd.ExecuteReader();
                while (r.Read()) tables.Add(r.GetString(0));
            }
            version = Convert.ToInt64(Scalar(connection, null, "PRAGMA user_version;"));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == NotADatabase)
        {
            throw new NasUserException($"{path} is not a nas experiment (not an SQLite database)");
        }
        catch (SqliteException e)
        {
            throw new NasUserException($"{path}: cannot read the experiment database: {e.Message}");
        }
        if (tables.Count == 0 && version == 0)
            return allowEmpty ? 0 : throw new NasUserException($"{path} is not a nas experiment (no nas tables)");
        if (!tables.Contains("experiment") || !tables.Contains("trials"))
            throw new NasUserException($"{path} is not a nas experiment (no nas tables)");
        if (version < 1)
            throw new NasUserException($"{path} is not a nas experiment (no nas schema version)");
        if (version > SchemaVersion)
            throw new NasUserException($"{path}: written by a newer nas (schema {version}, this one knows {SchemaVersion})");
        return version;
    }

    private protected override T Use<T>(Func<DbConnection, T> work)
    {
        lock (_gate) return work(_connection);
    }

    private protected override string IdentityColumn => "INTEGER PRIMARY KEY";
    private protected override string BlobType => "BLOB";
    private protected override string NowMilliseconds => "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
    private protected override string SkipLocked => "";

    private protected override long ReadVersion(DbConnection connection, DbTransaction tx) => Convert.ToInt64(Scalar(connection, tx, "PRAGMA user_version;"));

    private protected override void WriteVersion(DbConnection connection, DbTransaction tx, long version) => Execute(connection, tx, $"PRAGMA user_version = {version};");

    /// <inheritdoc/>
    public override void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }
}
