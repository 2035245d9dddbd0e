using Nas.Store;

namespace Nas.Search;

/// <summary>Where and how a search runs: its store, the directory for its files, who listens, and whether it continues.</summary>
public sealed record SearchSession
{
    /// <summary>The experiment's store: configuration, trials, search log, saved state.</summary>
    public required IExperimentStore Store { get; init; }

    /// <summary>Where the result files (<c>best.json</c>, ...) and checkpoints go; null writes no files.</summary>
    public string? Directory { get; init; }

    /// <summary>Who hears progress; null for nobody.</summary>
    public ISearchObserver? Observer { get; init; }

    /// <summary>Continue the experiment in <see cref="Store"/> (which must have been started by the same request) instead of starting one.</summary>
    public bool Resume { get; init; }

    /// <summary>Multi-trial searches: children trained at once in this process; 0 only proposes, for workers elsewhere.</summary>
    public int Workers { get; init; } = 1;
}
