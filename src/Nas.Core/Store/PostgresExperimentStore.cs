using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace Nas.Store;

/// <summary>
/// Experiments in a PostgreSQL database, for workers on many machines. Each experiment is a schema of its own
/// (<c>nas_NAME</c>) holding the same tables as an SQLite file, so every command works the same on both.
/// Connections come from Npgsql's pool, one per operation, so any number of threads may use one store. Claims
/// lock the row they take and skip rows other claimers hold (<c>FOR UPDATE SKIP LOCKED</c>).
/// </summary>
public sealed class PostgresExperimentStore : SqlExperimentStore
{
    private readonly NpgsqlDataSource _source;
    private readonly string _schema;

    private PostgresExperimentStore(NpgsqlDataSource source, string experiment, string location)
    {
        _source = source;
        Experiment = experiment;
        string schema = SchemaOf(experiment);
        _schema = schema;
        Location = location;
    }

    /// <inheritdoc/>
    public override string Location { get; }

    /// <summary>The experiment's name.</summary>
    public string Experiment { get; }

    /// <summary>The schema that holds an experiment.</summary>
    /// <param name="experiment">The experiment's name.</param>
    public static string SchemaOf(string experiment) => "nas_" + experiment;

    /// <summary>Opens an experiment (creating its schema when asked) and migrates it.</summary>
    /// <param name="location">A PostgreSQL location.</param>
    /// <param name="experiment">The experiment's name (<see cref="StorageLocation.ValidateExperimentName"/>).</param>
    /// <param name="create">Create the experiment when it does not exist; otherwise that is an error.</param>
    public static PostgresExperimentStore Open(StorageLocation location, string experiment, bool create = true)
    {
        StorageLocation.ValidateExperimentName(experiment);
        string schema = SchemaOf(experiment);
        string where = $"{location.Redacted} (experiment '{experiment}')";
        var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString) { SearchPath = schema };
        return Opened(builder, experiment, where, store =>
        {
            if (!create && !store.Use(c => Convert.ToBoolean(Scalar(c, null, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @s);", ("@s", schema)))))
                throw new NasUserException($"{where}: no such experiment there");
            store.Migrate();
        });
    }

    /// <summary>
    /// Opens an experiment for reading only: every transaction of its connections is read-only, so nothing is
    /// created or migrated. An experiment of an older schema is refused (a search or worker brings it up to date).
    /// </summary>
    /// <param name="location">A PostgreSQL location.</param>
    /// <param name="experiment">The experiment's name.</param>
    public static PostgresExperimentStore OpenReadOnly(StorageLocation location, string experiment)
    {
        StorageLocation.ValidateExperimentName(experiment);
        string schema = SchemaOf(experiment);
        string where = $"{location.Redacted} (experiment '{experiment}')";
        var builder = new NpgsqlConnectionStringBuilder(location.ConnectionString) { SearchPath = schema, Options = "-c default_transaction_read_only=on" };
        return Opened(builder, experiment, where, store =>
        {
            long version = store.Use(c =>
            {
                if (!Convert.ToBoolean(Scalar(c, null, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @s);", ("@s", schema))))
                    throw new NasUserException($"{where}: no such experiment there");
                using var tx = c.BeginTransaction();
                return store.ReadVersion(c, tx);
            });
            if (version < 1) throw new NasUserException($"{where} is not a nas experiment (no nas tables)");
            if (version > SchemaVersion) throw new NasUserException($"{where}: written by a newer nas (schema {version}, this one knows {SchemaVersion})");
            if (version < SchemaVersion)
                throw new NasUserException($"{where}: written by an older nas (schema {version}); a search or worker of this version brings it up to date, reading does not");
        });
    }

    // A store on its own data source, checked (or migrated) by prepare; a failure frees the source and names the place.
    private static PostgresExperimentStore Opened(NpgsqlConnectionStringBuilder builder, string experiment, string where, Action<PostgresExperimentStore> prepare)
    {
        var source = NpgsqlDataSource.Create(builder);
        var store = new PostgresExperimentStore(source, experiment, where);
        try
        {
            prepare(store);
            return store;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            source.Dispose();
            throw new NasUserException($"{where}: cannot use the database: {e.Message}");
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    private protected override T Use<T>(Func<DbConnection, T> work)
    {
        using var connection = _source.OpenConnection();
        return work(connection);
    }

    private protected override string IdentityColumn => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    private protected override string BlobType => "BYTEA";
    private protected override string NowMilliseconds => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
    private protected override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    // Workers that start together would race to create the schema: one at a time, under a lock named by it.
    private protected override void LockForMigration(DbConnection connection, DbTransaction tx)
    {
        Scalar(connection, tx, "SELECT pg_advisory_xact_lock(hashtext(@s));", ("@s", _schema));
        Execute(connection, tx, $"CREATE SCHEMA IF NOT EXISTS {_schema}; SET LOCAL search_path TO {_schema};");
    }

    private protected override long ReadVersion(DbConnection connection, DbTransaction tx)
    {
        if (Scalar(connection, tx, "SELECT to_regclass(@t)::text;", ("@t", _schema + ".experiment")) is null) return 0;
        return Scalar(connection, tx, "SELECT value FROM experiment WHERE key = 'schema_version';") is string v ? long.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private protected override void WriteVersion(DbConnection connection, DbTransaction tx, long version) => Execute(connection, tx,
        "INSERT INTO experiment(key, value) VALUES ('schema_version', @v) ON CONFLICT(key) DO UPDATE SET value = excluded.value;",
        ("@v", version.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <inheritdoc/>
    public override void Dispose() => _source.Dispose();
}
