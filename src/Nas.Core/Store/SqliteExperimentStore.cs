using System.Globalization;
using Microsoft.Data.Sqlite;
using Nas.Architectures;
using Nas.Evaluation;
using Nas.Strategies;

namespace Nas.Store;

/// <summary>
/// One SQLite file per experiment, in WAL mode so readers (<c>nas show</c>) never block the search.
/// The schema version is kept in <c>PRAGMA user_version</c>; every write is its own transaction, so a
/// killed process leaves every finished trial intact.
/// </summary>
public sealed class SqliteExperimentStore : IExperimentStore
{
    private const int SchemaVersion = 2;
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();

    private SqliteExperimentStore(SqliteConnection connection) => _connection = connection;

    /// <summary>The database file.</summary>
    public string Path { get; private init; } = "";

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
        }.ToString());
        try
        {
            connection.Open();
            var store = new SqliteExperimentStore(connection) { Path = path };
            store.Migrate();
            return store;
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new NasUserException($"{path}: cannot open the experiment database: {e.Message}");
        }
    }

    private void Migrate()
    {
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA busy_timeout=10000;");
        long version = Scalar<long>("PRAGMA user_version;");
        if (version > SchemaVersion)
            throw new NasUserException($"{Path}: written by a newer nas (schema {version}, this one knows {SchemaVersion})");
        if (version < 1)
        {
            using var tx = _connection.BeginTransaction();
            Execute("""
                CREATE TABLE IF NOT EXISTS experiment (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS trials (
                    id INTEGER PRIMARY KEY,
                    proposal_id INTEGER NOT NULL,
                    architecture TEXT NOT NULL,
                    status TEXT NOT NULL,
                    seed INTEGER NOT NULL,
                    val_accuracy REAL, val_loss REAL, parameters INTEGER, multiply_adds INTEGER, train_seconds REAL,
                    started_at TEXT NOT NULL, finished_at TEXT, error TEXT);
                CREATE TABLE IF NOT EXISTS trial_epochs (
                    trial_id INTEGER NOT NULL REFERENCES trials(id), epoch INTEGER NOT NULL,
                    train_loss REAL, train_accuracy REAL, val_loss REAL, val_accuracy REAL, seconds REAL, images_per_second REAL,
                    PRIMARY KEY (trial_id, epoch));
                PRAGMA user_version = 1;
                """, tx);
            tx.Commit();
        }
        if (version < 2)
        {
            // v2: the search log (controller updates, one-shot epochs) and saved strategy state.
            using var tx = _connection.BeginTransaction();
            Execute("""
                CREATE TABLE IF NOT EXISTS search_steps (
                    kind TEXT NOT NULL, step INTEGER NOT NULL, payload TEXT NOT NULL, recorded_at TEXT NOT NULL,
                    PRIMARY KEY (kind, step));
                CREATE TABLE IF NOT EXISTS strategy_state (key TEXT PRIMARY KEY, payload BLOB NOT NULL, updated_at TEXT NOT NULL);
                PRAGMA user_version = 2;
                """, tx);
            tx.Commit();
        }
    }

    public void AddStep(string kind, long step, string json)
    {
        lock (_gate)
        {
            Execute("INSERT OR REPLACE INTO search_steps(kind, step, payload, recorded_at) VALUES ($k, $s, $p, $t);",
                null, ("$k", kind), ("$s", step), ("$p", json), ("$t", Now()));
        }
    }

    public IReadOnlyList<SearchStep> Steps(string? kind = null)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT kind, step, payload, recorded_at FROM search_steps"
                + (kind is null ? "" : " WHERE kind = $k") + " ORDER BY kind, step;";
            if (kind is not null) cmd.Parameters.AddWithValue("$k", kind);
            using var reader = cmd.ExecuteReader();
            var steps = new List<SearchStep>();
            while (reader.Read())
                steps.Add(new SearchStep(reader.GetString(0), reader.GetInt64(1), reader.GetString(2),
                    DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture)));
            return steps;
        }
    }

    public void SaveState(string key, byte[] state)
    {
        lock (_gate)
        {
            Execute("INSERT OR REPLACE INTO strategy_state(key, payload, updated_at) VALUES ($k, $p, $t);",
                null, ("$k", key), ("$p", state), ("$t", Now()));
        }
    }

    public byte[]? LoadState(string key)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT payload FROM strategy_state WHERE key = $k;";
            cmd.Parameters.AddWithValue("$k", key);
            return cmd.ExecuteScalar() as byte[];
        }
    }

    public void SaveConfiguration(string json)
    {
        lock (_gate)
        {
            Execute("INSERT INTO experiment(key, value) VALUES ('configuration', $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value;",
                null, ("$v", json));
        }
    }

    public string? LoadConfiguration()
    {
        lock (_gate) return Scalar<string?>("SELECT value FROM experiment WHERE key = 'configuration';");
    }

    public long StartTrial(long proposalId, Architecture architecture, int seed)
    {
        lock (_gate)
        {
            return Scalar<long>("""
                INSERT INTO trials(proposal_id, architecture, status, seed, started_at)
                VALUES ($p, $a, $s, $seed, $t) RETURNING id;
                """, ("$p", proposalId), ("$a", architecture.ToJson(indented: false)), ("$s", TrialStatus.Running.ToString()),
                ("$seed", seed), ("$t", Now()));
        }
    }

    public void AddEpoch(long trialId, EpochMetrics e)
    {
        lock (_gate)
        {
            Execute("""
                INSERT OR REPLACE INTO trial_epochs(trial_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, seconds, images_per_second)
                VALUES ($id, $e, $tl, $ta, $vl, $va, $s, $ips);
                """, null, ("$id", trialId), ("$e", e.Epoch), ("$tl", e.TrainLoss), ("$ta", e.TrainAccuracy),
                ("$vl", e.ValidationLoss), ("$va", e.ValidationAccuracy), ("$s", e.Seconds), ("$ips", e.ImagesPerSecond));
        }
    }

    public void FinishTrial(long trialId, TrialOutcome outcome)
    {
        var m = outcome.Metrics;
        lock (_gate)
        {
            Execute("""
                UPDATE trials SET status = $s, val_accuracy = $va, val_loss = $vl, parameters = $p, multiply_adds = $m,
                    train_seconds = $ts, finished_at = $t, error = $err WHERE id = $id;
                """, null, ("$s", outcome.Status.ToString()), ("$va", m?.ValidationAccuracy), ("$vl", m?.ValidationLoss),
                ("$p", m?.Parameters), ("$m", m?.MultiplyAdds), ("$ts", m?.TrainingSeconds), ("$t", Now()), ("$err", outcome.Error), ("$id", trialId));
        }
    }

    public IReadOnlyList<TrialRecord> Trials()
    {
        lock (_gate)
        {
            var epochs = new Dictionary<long, List<EpochMetrics>>();
            using (var cmd = _connection.CreateCommand())
            {
                cmd.CommandText = "SELECT trial_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, seconds, images_per_second FROM trial_epochs ORDER BY trial_id, epoch;";
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    long id = r.GetInt64(0);
                    if (!epochs.TryGetValue(id, out var list)) epochs[id] = list = new List<EpochMetrics>();
                    list.Add(new EpochMetrics(r.GetInt32(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5), r.GetDouble(6), r.GetDouble(7)));
                }
            }
            var trials = new List<TrialRecord>();
            using (var cmd = _connection.CreateCommand())
            {
                cmd.CommandText = """
                    SELECT id, proposal_id, architecture, status, seed, val_accuracy, val_loss, parameters, multiply_adds, train_seconds,
                           started_at, finished_at, error FROM trials ORDER BY id;
                    """;
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    long id = r.GetInt64(0);
                    trials.Add(new TrialRecord(id, r.GetInt64(1), r.GetString(2), Enum.Parse<TrialStatus>(r.GetString(3)), r.GetInt32(4),
                        r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6),
                        r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetInt64(8), r.IsDBNull(9) ? null : r.GetDouble(9),
                        DateTimeOffset.Parse(r.GetString(10), CultureInfo.InvariantCulture),
                        r.IsDBNull(11) ? null : DateTimeOffset.Parse(r.GetString(11), CultureInfo.InvariantCulture),
                        r.IsDBNull(12) ? null : r.GetString(12),
                        epochs.TryGetValue(id, out var e) ? e : Array.Empty<EpochMetrics>()));
                }
            }
            return trials;
        }
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private void Execute(string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] parameters)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        object? result = cmd.ExecuteScalar();
        if (result is null || result is DBNull) return default!;
        return (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }
}
