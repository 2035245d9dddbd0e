namespace Nas.Store;

/// <summary>Which part of an experiment's location a <see cref="StorageLocationException"/> is about.</summary>
public enum StoragePart
{
    /// <summary>The storage URL (<c>sqlite:///PATH</c> or <c>postgresql://user@host/database</c>).</summary>
    Url,

    /// <summary>The experiment's name within a PostgreSQL database.</summary>
    Experiment,
}

/// <summary>
/// A storage URL or an experiment name that cannot be used. <see cref="Part"/> says which, <see cref="Problem"/> what is
/// wrong (never with a password), so a front end can word it with its own names for the two.
/// </summary>
public sealed class StorageLocationException : NasUserException
{
    /// <param name="part">The URL or the experiment name.</param>
    /// <param name="problem">What is wrong, without the part's name, e.g. "expected sqlite:///PATH or postgresql://user@host/database".</param>
    public StorageLocationException(StoragePart part, string problem)
        : base($"{(part == StoragePart.Url ? "storage URL" : "experiment name")}: {problem}")
    {
        Part = part;
        Problem = problem;
    }

    /// <summary>The URL or the experiment name.</summary>
    public StoragePart Part { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
