using System.Text.RegularExpressions;
using Npgsql;

namespace Nas.Store;

/// <summary>
/// Where experiments are kept, from a storage URL: <c>sqlite:///relative/path.db</c> or
/// <c>sqlite:////absolute/path.db</c> (SQLAlchemy's and Optuna's spelling), or
/// <c>postgresql://user[:password]@host[:port]/database</c>. <see cref="Redacted"/> is the only form ever printed.
/// </summary>
public sealed partial class StorageLocation
{
    private StorageLocation(bool postgres, string? path, string? connectionString, string redacted)
    {
        IsPostgres = postgres;
        SqlitePath = path;
        ConnectionString = connectionString;
        Redacted = redacted;
    }

    /// <summary>Whether this is a PostgreSQL server (else an SQLite file).</summary>
    public bool IsPostgres { get; }

    /// <summary>The SQLite file, for an SQLite location.</summary>
    public string? SqlitePath { get; }

    /// <summary>The Npgsql connection string (may hold a password: never print it).</summary>
    internal string? ConnectionString { get; }

    /// <summary>The location without any password, for messages and the recorded configuration.</summary>
    public string Redacted { get; }

    /// <summary>The SQLite file of an experiment kept in a directory (<c>--out</c>): <c>experiment.db</c>.</summary>
    public const string FileName = "experiment.db";

    /// <summary>The SQLite file <see cref="FileName"/> in <paramref name="directory"/>.</summary>
    /// <param name="directory">The experiment's directory.</param>
    public static StorageLocation InDirectory(string directory) => Sqlite(Path.Combine(directory, FileName));

    /// <summary>An SQLite file.</summary>
    /// <param name="path">The database file.</param>
    public static StorageLocation Sqlite(string path) => new(false, path, null, "sqlite:///" + path);

    /// <summary>Parses a storage URL; <see cref="StorageLocationException"/> (<see cref="StoragePart.Url"/>) says what is wrong, without the password.</summary>
    /// <param name="url"><c>sqlite:///PATH</c>, <c>sqlite:////ABSOLUTE</c> or <c>postgresql://user[:password]@host[:port]/database</c>.</param>
    public static StorageLocation Parse(string url)
    {
        if (url.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase))
        {
            string path = url["sqlite:///".Length..];
            if (path.Length == 0 || path == "/") throw new StorageLocationException(StoragePart.Url, "sqlite:/// needs a file path, e.g. sqlite:///runs/exp/experiment.db");
            return Sqlite(path);
        }
        if (url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                throw new StorageLocationException(StoragePart.Url, "not a PostgreSQL URL (postgresql://user@host[:port]/database)");
            string database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (database.Length == 0) throw new StorageLocationException(StoragePart.Url, $"{Describe(uri, "")}: the URL names no database (postgresql://user@host/database)");
            string[] user = uri.UserInfo.Split(':', 2);
            var builder = new NpgsqlConnectionStringBuilder
            {
                Host = uri.Host,
                Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
                Database = database,
                Username = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : Environment.UserName,
                MaxPoolSize = 200,
                Timeout = 15,
            };
            if (user.Length > 1) builder.Password = Uri.UnescapeDataString(user[1]);
            return new StorageLocation(true, null, builder.ConnectionString, Describe(uri, database));
        }
        throw new StorageLocationException(StoragePart.Url, "expected sqlite:///PATH or postgresql://user@host/database");
    }

    private static string Describe(Uri uri, string database)
    {
        string user = uri.UserInfo.Split(':', 2)[0];
        return $"postgresql://{(user.Length > 0 ? user + "@" : "")}{uri.Host}{(uri.IsDefaultPort || uri.Port < 0 ? "" : ":" + uri.Port)}/{database}";
    }

    /// <summary>
    /// Checks an experiment name, which becomes a schema name: 1 to 40 lower-case letters, digits and underscores, starting
    /// with a letter; <see cref="StorageLocationException"/> (<see cref="StoragePart.Experiment"/>) otherwise.
    /// </summary>
    /// <param name="name">The name to check.</param>
    public static void ValidateExperimentName(string name)
    {
        if (!NamePattern().IsMatch(name))
            throw new StorageLocationException(StoragePart.Experiment, $"'{name}' is not a valid name (1 to 40 lower-case letters, digits or underscores, starting with a letter)");
    }

    /// <summary>Opens the experiment's store (SQLite ignores the name, one file being one experiment).</summary>
    /// <param name="experiment">The experiment's name; needed for PostgreSQL.</param>
    /// <param name="create">Create the experiment (or file) when it does not exist.</param>
    public SqlExperimentStore Open(string? experiment, bool create)
    {
        if (!IsPostgres) return SqliteExperimentStore.Open(SqlitePath!, create);
        if (experiment is null) throw new StorageLocationException(StoragePart.Experiment, "a PostgreSQL storage needs an experiment name");
        return PostgresExperimentStore.Open(this, experiment, create);
    }

    /// <summary>Opens the experiment for reading only; it is never written, created or migrated.</summary>
    /// <param name="experiment">The experiment's name; needed for PostgreSQL.</param>
    public SqlExperimentStore OpenReadOnly(string? experiment)
    {
        if (!IsPostgres) return SqliteExperimentStore.OpenReadOnly(SqlitePath!);
        if (experiment is null) throw new StorageLocationException(StoragePart.Experiment, "a PostgreSQL storage needs an experiment name");
        return PostgresExperimentStore.OpenReadOnly(this, experiment);
    }

    /// <summary>The location without any password (<see cref="Redacted"/>).</summary>
    public override string ToString() => Redacted;

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex NamePattern();
}
