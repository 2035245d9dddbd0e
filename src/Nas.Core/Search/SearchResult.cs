using Nas.Architectures;
using Nas.Execution;

namespace Nas.Search;

/// <summary>What a search found: the best architecture and its figures, the files to hand over, and how the run ended.</summary>
public sealed record SearchResult
{
    /// <summary>The best architecture, or null when the search found none (no trial completed).</summary>
    public Architecture? Best { get; init; }

    /// <summary>The best trial's number (multi-trial searches), or null.</summary>
    public long? BestTrial { get; init; }

    /// <summary>Figures of the best architecture and of the search (validation accuracy, parameters, ...).</summary>
    public IReadOnlyList<SearchFigure> Figures { get; init; } = [];

    /// <summary>The trials of this run, for multi-trial searches; null for searches that train one network.</summary>
    public ExperimentSummary? Trials { get; init; }

    /// <summary>Whether the search was cancelled before its end.</summary>
    public bool Cancelled { get; init; }

    /// <summary>How long this run took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Files to hand over: <c>best.json</c> first, then what the space or method adds.</summary>
    public IReadOnlyList<SearchArtifact> Artifacts { get; init; } = [];

    /// <summary>Things the user should know about the result, in words.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The paths written, once <see cref="SearchRunner"/> has written <see cref="Artifacts"/>.</summary>
    public IReadOnlyList<string> Written { get; init; } = [];
}
