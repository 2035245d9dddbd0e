namespace Nas.Search;

/// <summary>A new search was pointed at a store that already holds an experiment; nothing was changed.</summary>
public sealed class ExperimentInUseException : NasUserException
{
    /// <param name="location">The store, for messages.</param>
    public ExperimentInUseException(string location)
        : base($"{location} already holds an experiment (nothing was changed): resume it, or start the search in another store")
    {
        Location = location;
    }

    /// <summary>The store.</summary>
    public string Location { get; }
}
