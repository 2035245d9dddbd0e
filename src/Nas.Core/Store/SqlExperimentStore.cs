using System.Data.Common;
using System.Globalization;
using Nas.Architectures;
using Nas.Evaluation;
using Nas.Execution.Pruning;
using Nas.Strategies;

namespace Nas.Store;

/// <summary>
/// The experiment store in SQL, written once for SQLite and PostgreSQL: the subclasses supply connections,
/// the few words that differ (identity columns, blobs, the clock, row locks) and where the schema version
/// lives. Every write is its own transaction, so a killed process leaves every finished trial intact.
/// </summary>
/// <remarks>
/// Trials form a queue: the strategy's side enqueues them as pending (saving its state in the same
/// transaction), workers claim one at a time under a lease they renew, and report how it ended; the
/// strategy's side then tells the strategy and marks the trial told, again with its state in the same
/// transaction. So after a crash anywhere, the saved state matches the rows exactly. Leases and their expiry
/// use the database's clock, so workers on machines with skewed clocks agree.
/// </remarks>
public abstract class SqlExperimentStore : IExperimentStore
{
    /// <summary>The schema this code writes; migrations below bring older databases up to it.</summary>
    public const int SchemaVersion = 4;

    private static readonly string[] FinishedStatuses = [nameof(TrialStatus.Completed), nameof(TrialStatus.Failed), nameof(TrialStatus.Pruned)];

    /// <summary>Where the experiment lives, for messages (never with a password).</summary>
    public abstract string Location { get; }

    /// <summary>Runs <paramref name="work"/> on an open connection (shared and serialised, or pooled).</summary>
    private protected abstract T Use<T>(Func<DbConnection, T> work);

    /// <summary>The column type of an auto-numbered 64-bit primary key.</summary>
    private protected abstract string IdentityColumn { get; }

    /// <summary>The column type of a byte array.</summary>
    private protected abstract string BlobType { get; }

    /// <summary>An SQL expression: the database's clock in milliseconds since 1970.</summary>
    private protected abstract string NowMilliseconds { get; }

    /// <summary>What follows the claim's row selection: PostgreSQL skips rows other claimers hold.</summary>
    private protected abstract string SkipLocked { get; }

    /// <summary>The schema version stored in the database (0 when empty).</summary>
    private protected abstract long ReadVersion(DbConnection connection, DbTransaction tx);

    /// <summary>Stores the schema version inside the migration's transaction.</summary>
    private protected abstract void WriteVersion(DbConnection connection, DbTransaction tx, long version);

    /// <summary>Serialises migrations between processes that open the same database at once.</summary>
    private protected virtual void LockForMigration(DbConnection connection, DbTransaction tx) { }

    private IEnumerable<(int Version, string Sql)> Migrations()
    {
        yield return (1, $"""
            CREATE TABLE IF NOT EXISTS experiment (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS trials (
                id {IdentityColumn},
                proposal_id BIGINT NOT NULL,
                architecture TEXT NOT NULL,
                status TEXT NOT NULL,
                seed BIGINT NOT NULL,
                val_accuracy DOUBLE PRECISION, val_loss DOUBLE PRECISION, parameters BIGINT, multiply_adds BIGINT, train_seconds DOUBLE PRECISION,
                started_at TEXT NOT NULL, finished_at TEXT, error TEXT);
            CREATE TABLE IF NOT EXISTS trial_epochs (
                trial_id BIGINT NOT NULL REFERENCES trials(id), epoch BIGINT NOT NULL,
                train_loss DOUBLE PRECISION, train_accuracy DOUBLE PRECISION, val_loss DOUBLE PRECISION, val_accuracy DOUBLE PRECISION,
                seconds DOUBLE PRECISION, images_per_second DOUBLE PRECISION,
                PRIMARY KEY (trial_id, epoch));
            """);
        // v2: the search log (controller updates, one-shot epochs) and saved strategy state.
        yield return (2, $"""
            CREATE TABLE IF NOT EXISTS search_steps (
                kind TEXT NOT NULL, step BIGINT NOT NULL, payload TEXT NOT NULL, recorded_at TEXT NOT NULL,
                PRIMARY KEY (kind, step));
            CREATE TABLE IF NOT EXISTS strategy_state (key TEXT PRIMARY KEY, payload {BlobType} NOT NULL, updated_at TEXT NOT NULL);
            """);
        // v3: the trial queue (workers, leases, retries) and whether the strategy has heard the result.
        // Trials written before v3 were all told already.
        yield return (3, """
            ALTER TABLE trials ADD COLUMN worker TEXT;
            ALTER TABLE trials ADD COLUMN lease_expires BIGINT;
            ALTER TABLE trials ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
            ALTER TABLE trials ADD COLUMN told BIGINT NOT NULL DEFAULT 1;
            CREATE INDEX IF NOT EXISTS trials_by_status ON trials(status, id);
            CREATE INDEX IF NOT EXISTS epochs_by_epoch ON trial_epochs(epoch);
            """);
        // v4: each trial's predicted inference latency (multi-objective search, --max-latency).
        yield return (4, "ALTER TABLE trials ADD COLUMN latency_ms DOUBLE PRECISION;");
    }

    /// <summary>Brings the schema up to <see cref="SchemaVersion"/>; refuses a newer one.</summary>
    private protected void Migrate() => Use(connection =>
    {
        using var tx = connection.BeginTransaction();
        LockForMigration(connection, tx);
        long version = ReadVersion(connection, tx);
        if (version > SchemaVersion)
            throw new NasUserException($"{Location}: written by a newer nas (schema {version}, this one knows {SchemaVersion})");
        foreach (var (target, sql) in Migrations())
        {
            if (version >= target) continue;
            Execute(connection, tx, sql);
            WriteVersion(connection, tx, target);
            version = target;
        }
        tx.Commit();
        return 0;
    });

    // ---- configuration and experiment values ----

    /// <inheritdoc/>
    public void SaveConfiguration(string json) => SetValue("configuration", json);

    /// <inheritdoc/>
    public string? LoadConfiguration() => GetValue("configuration");

    /// <inheritdoc/>
    public void SetValue(string key, string value) => Use(c =>
        Execute(c, null, "INSERT INTO experiment(key, value) VALUES (@k, @v) ON CONFLICT(key) DO UPDATE SET value = excluded.value;", ("@k", key), ("@v", value)));

    /// <inheritdoc/>
    public string? GetValue(string key) => Use(c => Scalar(c, null, "SELECT value FROM experiment WHERE key = @k;", ("@k", key)) as string);

    // ---- the queue ----

    /// <inheritdoc/>
    public long Enqueue(Proposal proposal, int seed, StrategySnapshot? state = null) => Use(c =>
    {
        using var tx = c.BeginTransaction();
        long id = Convert.ToInt64(Scalar(c, tx, """
            INSERT INTO trials(proposal_id, architecture, status, seed, started_at, attempts, told)
            VALUES (@p, @a, @s, @seed, @t, 0, 0) RETURNING id;
            """, ("@p", proposal.Id), ("@a", proposal.Architecture.ToJson(indented: false)), ("@s", nameof(TrialStatus.Pending)),
            ("@seed", (long)seed), ("@t", Now())), CultureInfo.InvariantCulture);
        if (state is not null) SaveState(c, tx, state);
        tx.Commit();
        return id;
    });

    /// <inheritdoc/>
    public ClaimedTrial? Claim(string worker, TimeSpan lease, int maxAttempts) => Use(c =>
    {
        using var tx = c.BeginTransaction();
        RequeueExpired(c, tx, maxAttempts);
        using var cmd = Command(c, tx, $"""
            UPDATE trials SET status = @running, worker = @w, lease_expires = {NowMilliseconds} + @lease, attempts = attempts + 1, started_at = @t
            WHERE status = @pending AND id = (SELECT id FROM trials WHERE status = @pending ORDER BY id LIMIT 1{SkipLocked})
            RETURNING id, proposal_id, architecture, seed, attempts;
            """, ("@running", nameof(TrialStatus.Running)), ("@pending", nameof(TrialStatus.Pending)), ("@w", worker),
            ("@lease", (long)lease.TotalMilliseconds), ("@t", Now()));
        ClaimedTrial? claimed = null;
        using (var r = cmd.ExecuteReader())
            if (r.Read())
                claimed = new ClaimedTrial(r.GetInt64(0), r.GetInt64(1), r.GetString(2), (int)r.GetInt64(3), (int)r.GetInt64(4));
        // A re-run starts its learning curve afresh.
        if (claimed is not null) Execute(c, tx, "DELETE FROM trial_epochs WHERE trial_id = @id;", ("@id", claimed.TrialId));
        tx.Commit();
        return claimed;
    });

    /// <inheritdoc/>
    public bool Renew(long trialId, string worker, TimeSpan lease) => Use(c => Execute(c, null, $"""
        UPDATE trials SET lease_expires = {NowMilliseconds} + @lease WHERE id = @id AND worker = @w AND status = @running;
        """, ("@lease", (long)lease.TotalMilliseconds), ("@id", trialId), ("@w", worker), ("@running", nameof(TrialStatus.Running))) == 1);

    /// <inheritdoc/>
    public void AddEpoch(long trialId, string worker, EpochMetrics e) => Use(c => Execute(c, null, """
        INSERT INTO trial_epochs(trial_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, seconds, images_per_second)
        SELECT @id, @e, @tl, @ta, @vl, @va, @s, @ips WHERE EXISTS (SELECT 1 FROM trials WHERE id = @id AND worker = @w AND status = @running)
        ON CONFLICT (trial_id, epoch) DO UPDATE SET train_loss = excluded.train_loss, train_accuracy = excluded.train_accuracy,
            val_loss = excluded.val_loss, val_accuracy = excluded.val_accuracy, seconds = excluded.seconds, images_per_second = excluded.images_per_second;
        """, ("@id", trialId), ("@e", (long)e.Epoch), ("@tl", e.TrainLoss), ("@ta", e.TrainAccuracy), ("@vl", e.ValidationLoss),
        ("@va", e.ValidationAccuracy), ("@s", e.Seconds), ("@ips", e.ImagesPerSecond), ("@w", worker), ("@running", nameof(TrialStatus.Running))));

    /// <inheritdoc/>
    public bool Finish(long trialId, string worker, TrialOutcome outcome)
    {
        var m = outcome.Metrics;
        return Use(c => Execute(c, null, """
            UPDATE trials SET status = @s, val_accuracy = @va, val_loss = @vl, parameters = @p, multiply_adds = @m,
                train_seconds = @ts, latency_ms = @lat, finished_at = @t, error = @err, lease_expires = NULL
            WHERE id = @id AND worker = @w AND status = @running;
            """, ("@s", outcome.Status.ToString()), ("@va", m?.ValidationAccuracy), ("@vl", m?.ValidationLoss),
            ("@p", m?.Parameters), ("@m", m?.MultiplyAdds), ("@ts", m?.TrainingSeconds), ("@lat", m?.LatencyMilliseconds), ("@t", Now()), ("@err", outcome.Error),
            ("@id", trialId), ("@w", worker), ("@running", nameof(TrialStatus.Running))) == 1);
    }

    /// <inheritdoc/>
    public int RequeueExpired(int maxAttempts) => Use(c =>
    {
        using var tx = c.BeginTransaction();
        int n = RequeueExpired(c, tx, maxAttempts);
        tx.Commit();
        return n;
    });

    private int RequeueExpired(DbConnection c, DbTransaction tx, int maxAttempts)
    {
        var expired = $"status = @running AND lease_expires < {NowMilliseconds}";
        int failed = Execute(c, tx, $"""
            UPDATE trials SET status = @failed, finished_at = @t, lease_expires = NULL,
                error = 'its worker stopped answering ' || CAST(attempts AS TEXT) || ' time(s) (lease expired); no more retries'
            WHERE {expired} AND attempts >= @max;
            """, ("@running", nameof(TrialStatus.Running)), ("@failed", nameof(TrialStatus.Failed)), ("@t", Now()), ("@max", (long)maxAttempts));
        int requeued = Execute(c, tx, $"UPDATE trials SET status = @pending, worker = NULL, lease_expires = NULL WHERE {expired};",
            ("@running", nameof(TrialStatus.Running)), ("@pending", nameof(TrialStatus.Pending)));
        return failed + requeued;
    }

    /// <inheritdoc/>
    public int Requeue(string? worker = null) => Use(c => Execute(c, null,
        "UPDATE trials SET status = @pending, worker = NULL, lease_expires = NULL WHERE status = @running" + (worker is null ? ";" : " AND worker = @w;"),
        ("@pending", nameof(TrialStatus.Pending)), ("@running", nameof(TrialStatus.Running)), ("@w", worker)));

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> Untold() => Use(c => ReadTrials(c,
        $"told = 0 AND status IN ('{string.Join("', '", FinishedStatuses)}')", "finished_at, id"));

    /// <inheritdoc/>
    public void MarkTold(long trialId, StrategySnapshot? state = null) => Use(c =>
    {
        using var tx = c.BeginTransaction();
        Execute(c, tx, "UPDATE trials SET told = 1 WHERE id = @id;", ("@id", trialId));
        if (state is not null) SaveState(c, tx, state);
        tx.Commit();
        return 0;
    });

    /// <inheritdoc/>
    public QueueCounts Counts() => Use(c =>
    {
        using var cmd = Command(c, null, """
            SELECT COUNT(*),
                   COALESCE(SUM(CASE WHEN status = @pending THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN status = @running THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN told = 0 THEN 1 ELSE 0 END), 0)
            FROM trials;
            """, ("@pending", nameof(TrialStatus.Pending)), ("@running", nameof(TrialStatus.Running)));
        using var r = cmd.ExecuteReader();
        r.Read();
        return new QueueCounts(Convert.ToInt64(r.GetValue(0)), Convert.ToInt64(r.GetValue(1)), Convert.ToInt64(r.GetValue(2)), Convert.ToInt64(r.GetValue(3)));
    });

    /// <inheritdoc/>
    public IReadOnlyList<IntermediateValue> EpochValues(int epoch, long exceptTrial) => Use(c =>
    {
        using var cmd = Command(c, null, """
            SELECT e.trial_id, t.status, e.val_accuracy FROM trial_epochs e JOIN trials t ON t.id = e.trial_id
            WHERE e.epoch = @e AND e.trial_id <> @id ORDER BY e.trial_id;
            """, ("@e", (long)epoch), ("@id", exceptTrial));
        using var r = cmd.ExecuteReader();
        var values = new List<IntermediateValue>();
        while (r.Read()) values.Add(new IntermediateValue(r.GetInt64(0), Enum.Parse<TrialStatus>(r.GetString(1)), r.GetDouble(2)));
        return values;
    });

    // ---- the search log and strategy state ----

    /// <inheritdoc/>
    public void AddStep(string kind, long step, string json) => Use(c => Execute(c, null, """
        INSERT INTO search_steps(kind, step, payload, recorded_at) VALUES (@k, @s, @p, @t)
        ON CONFLICT (kind, step) DO UPDATE SET payload = excluded.payload, recorded_at = excluded.recorded_at;
        """, ("@k", kind), ("@s", step), ("@p", json), ("@t", Now())));

    /// <inheritdoc/>
    public IReadOnlyList<SearchStep> Steps(string? kind = null) => Use(c =>
    {
        using var cmd = Command(c, null, "SELECT kind, step, payload, recorded_at FROM search_steps"
            + (kind is null ? "" : " WHERE kind = @k") + " ORDER BY kind, step;", ("@k", kind));
        using var reader = cmd.ExecuteReader();
        var steps = new List<SearchStep>();
        while (reader.Read())
            steps.Add(new SearchStep(reader.GetString(0), reader.GetInt64(1), reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture)));
        return steps;
    });

    /// <inheritdoc/>
    public void SaveState(string key, byte[] state) => Use(c => { SaveState(c, null, new StrategySnapshot(key, state)); return 0; });

    private void SaveState(DbConnection c, DbTransaction? tx, StrategySnapshot state) => Execute(c, tx, """
        INSERT INTO strategy_state(key, payload, updated_at) VALUES (@k, @p, @t)
        ON CONFLICT (key) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at;
        """, ("@k", state.Key), ("@p", state.State), ("@t", Now()));

    /// <inheritdoc/>
    public byte[]? LoadState(string key) => Use(c => Scalar(c, null, "SELECT payload FROM strategy_state WHERE key = @k;", ("@k", key)) as byte[]);

    // ---- reading trials ----

    /// <inheritdoc/>
    public IReadOnlyList<TrialRecord> Trials() => Use(c => ReadTrials(c, null, "id"));

    private static IReadOnlyList<TrialRecord> ReadTrials(DbConnection c, string? where, string orderBy)
    {
        var epochs = new Dictionary<long, List<EpochMetrics>>();
        using (var cmd = Command(c, null, "SELECT trial_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, seconds, images_per_second FROM trial_epochs ORDER BY trial_id, epoch;"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                long id = r.GetInt64(0);
                if (!epochs.TryGetValue(id, out var list)) epochs[id] = list = new List<EpochMetrics>();
                list.Add(new EpochMetrics((int)r.GetInt64(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5), r.GetDouble(6), r.GetDouble(7)));
            }
        }
        var trials = new List<TrialRecord>();
        using (var cmd = Command(c, null, $"""
            SELECT id, proposal_id, architecture, status, seed, val_accuracy, val_loss, parameters, multiply_adds, train_seconds,
                   started_at, finished_at, error, attempts, worker, told, latency_ms FROM trials {(where is null ? "" : "WHERE " + where)} ORDER BY {orderBy};
            """))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                long id = r.GetInt64(0);
                trials.Add(new TrialRecord(id, r.GetInt64(1), r.GetString(2), Enum.Parse<TrialStatus>(r.GetString(3)), (int)r.GetInt64(4),
                    r.IsDBNull(5) ? null : r.GetDouble(5), r.IsDBNull(6) ? null : r.GetDouble(6),
                    r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetInt64(8), r.IsDBNull(9) ? null : r.GetDouble(9),
                    DateTimeOffset.Parse(r.GetString(10), CultureInfo.InvariantCulture),
                    r.IsDBNull(11) ? null : DateTimeOffset.Parse(r.GetString(11), CultureInfo.InvariantCulture),
                    r.IsDBNull(12) ? null : r.GetString(12),
                    epochs.TryGetValue(id, out var e) ? e : Array.Empty<EpochMetrics>())
                {
                    Attempts = (int)r.GetInt64(13),
                    Worker = r.IsDBNull(14) ? null : r.GetString(14),
                    Told = r.GetInt64(15) != 0,
                    LatencyMilliseconds = r.IsDBNull(16) ? null : r.GetDouble(16),
                });
            }
        }
        return trials;
    }

    // ---- plumbing ----

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            // Only the parameters the statement names (a name that is a prefix of another does not count).
            if (!System.Text.RegularExpressions.Regex.IsMatch(sql, System.Text.RegularExpressions.Regex.Escape(name) + "(?![A-Za-z0-9_])")) continue;
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    /// <summary>Runs a statement; returns the rows it changed.</summary>
    private protected static int Execute(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(connection, tx, sql, parameters);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>Runs a query; returns its first value, or null.</summary>
    private protected static object? Scalar(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = Command(connection, tx, sql, parameters);
        var result = cmd.ExecuteScalar();
        return result is DBNull ? null : result;
    }

    /// <summary>Closes the connection (SQLite) or the connection pool (PostgreSQL).</summary>
    public abstract void Dispose();
}
