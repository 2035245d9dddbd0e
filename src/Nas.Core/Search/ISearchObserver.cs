using Nas.Execution;

namespace Nas.Search;

/// <summary>
/// Hears what a search does, whatever its method: trials (multi-trial searches, as <see cref="IExperimentObserver"/>),
/// epochs and batch progress (searches that train one network), and the start. Every member is optional.
/// </summary>
public interface ISearchObserver : IExperimentObserver
{
    /// <summary>The search is set up and about to run.</summary>
    void Started(SearchStart start) { }

    /// <summary>A setting works but probably not as meant.</summary>
    void Warning(SearchWarning warning) { }

    /// <summary>An epoch of a one-network search has finished (and is in the search log).</summary>
    void EpochFinished(SearchEpoch epoch) { }

    /// <summary>Where batch progress within an epoch goes; null for none.</summary>
    IProgress<SearchProgress>? Batches => null;
}
