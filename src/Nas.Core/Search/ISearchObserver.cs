using Nas.Execution;

namespace Nas.Search;

/// <summary>
/// Hears what a search does, whatever its method: trials (multi-trial searches, as <see cref="IExperimentObserver"/>),
/// epochs and batch progress (searches that train one network), and the start. Every member is optional.
/// </summary>
public interface ISearchObserver : IExperimentObserver
{
    /// <summary>The search is set up and about to run.</summary>
    /// <param name="start">What runs: the space, the plan, the data, whether it resumes.</param>
    void Started(SearchStart start) { }

    /// <summary>A setting works but probably not as meant.</summary>
    /// <param name="warning">The setting at fault and why.</param>
    void Warning(SearchWarning warning) { }

    /// <summary>An epoch of a one-network search has finished (and is in the search log).</summary>
    /// <param name="epoch">The epoch's figures and the architecture derived so far.</param>
    void EpochFinished(SearchEpoch epoch) { }

    /// <summary>Where batch progress within an epoch goes; null for none.</summary>
    IProgress<SearchProgress>? Batches => null;
}
