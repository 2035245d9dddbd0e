using System.Text.Json.Nodes;
using Nas.Spaces;

namespace Nas.Search;

/// <summary>
/// A search ready to run, built from a <see cref="SearchRequest"/> with every setting checked and its data loaded:
/// a multi-trial search, ENAS, DARTS, SNAS, or any registered method. Run it through <see cref="SearchRunner"/>,
/// which records its configuration, refuses a used store, resumes, and writes its files.
/// Dispose it to free its data and native state.
/// </summary>
public interface ISearch : IDisposable
{
    /// <summary>The request it was built from.</summary>
    SearchRequest Request { get; }

    /// <summary>The space searched.</summary>
    SearchSpace Space { get; }

    /// <summary>Every setting in effect and the facts of its data, to be recorded with the experiment.</summary>
    JsonObject Configuration { get; }

    /// <summary>
    /// Runs, or continues when <see cref="SearchSession.Resume"/>, in the session's store until done, its budget is
    /// spent or <paramref name="cancellationToken"/> fires. Writes no files itself: its result lists them.
    /// </summary>
    /// <param name="session">The store, the output directory, the observer, whether to resume, the local workers.</param>
    /// <param name="cancellationToken">Stops the search; it can be resumed from the store.</param>
    Task<SearchResult> RunAsync(SearchSession session, CancellationToken cancellationToken = default);
}
