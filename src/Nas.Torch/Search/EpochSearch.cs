using System.Diagnostics;
using System.Text.Json.Nodes;
using Nas.Search;
using Nas.Spaces;

namespace Nas.Torch.Search;

/// <summary>
/// The run of a search that trains one network epoch by epoch (a supernet, a shared graph): each finished epoch goes
/// to the store's search log and to a checkpoint in the session's directory, so a killed search resumes from its last
/// finished epoch to exactly the result of an unbroken one; after the last epoch the method derives its architecture.
/// </summary>
public abstract class EpochSearch : ISearch
{
    /// <param name="request">The request the search was built from.</param>
    /// <param name="space">The space searched.</param>
    /// <param name="configuration">What is recorded (settings in effect, data facts, runtime).</param>
    /// <param name="epochs">Epochs in all.</param>
    protected EpochSearch(SearchRequest request, SearchSpace space, JsonObject configuration, int epochs)
    {
        Request = request;
        Space = space;
        Configuration = configuration;
        Epochs = epochs;
    }

    /// <inheritdoc/>
    public SearchRequest Request { get; }

    /// <inheritdoc/>
    public SearchSpace Space { get; }

    /// <inheritdoc/>
    public JsonObject Configuration { get; }

    /// <summary>Epochs in all.</summary>
    public int Epochs { get; }

    /// <summary>The search-log kind of its epochs (<c>darts</c>, <c>snas</c>, <c>enas</c>, <c>darts-rnn</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>The data, in words.</summary>
    protected abstract string Data { get; }

    /// <summary>The plan, in words.</summary>
    protected abstract string Plan { get; }

    /// <summary>Epochs finished so far (restored ones included).</summary>
    protected abstract int EpochsDone { get; }

    /// <summary>Trains one epoch; returns its search-log JSON and what to show of it.</summary>
    /// <param name="progress">Gets the epoch's batches as they run; null for none.</param>
    /// <param name="cancellationToken">Stops the epoch (<see cref="OperationCanceledException"/>); the last checkpoint stays.</param>
    protected abstract (string Json, SearchEpoch Shown) RunEpoch(IProgress<SearchProgress>? progress, CancellationToken cancellationToken);

    /// <summary>Saves everything the next epochs need into <paramref name="directory"/>.</summary>
    /// <param name="directory">The checkpoint's directory (written beside and swapped in by the caller).</param>
    /// <param name="fingerprint">The search's configuration as JSON (its runtime left out), recorded so a restore can refuse another search's checkpoint.</param>
    protected abstract void Save(string directory, string fingerprint);

    /// <summary>Restores a checkpoint of the same search; false when there is none.</summary>
    /// <param name="directory">The checkpoint's directory.</param>
    /// <param name="fingerprint">The configuration the checkpoint must have been saved with (<see cref="NasUserException"/> otherwise).</param>
    protected abstract bool TryRestore(string directory, string fingerprint);

    /// <summary>Derives the result after the last epoch (it may also write to the store's search log).</summary>
    /// <param name="session">The session the search ran in.</param>
    protected abstract SearchResult Finish(SearchSession session);

    /// <summary>Trains the remaining epochs, then derives.</summary>
    /// <param name="session">The store, the directory (its <c>checkpoint</c> folder holds the last epoch), the observer, whether to resume.</param>
    /// <param name="cancellationToken">Stops the search; the last epoch's checkpoint stays, so it can be resumed.</param>
    public async Task<SearchResult> RunAsync(SearchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var clock = Stopwatch.StartNew();
        string? checkpoint = session.Directory is { } d ? Path.Combine(d, "checkpoint") : null;
        // The checkpoint belongs to exactly these settings and data; threads may change on resume.
        var identity = (JsonObject)Configuration.DeepClone();
        identity.Remove("runtime");
        string fingerprint = identity.ToJsonString();
        SearchResumed? resumed = null;
        if (session.Resume)
        {
            if (checkpoint is null) throw new NasUserException($"resuming a {Request.Method} search needs its directory, where its checkpoint is");
            bool restored = TryRestore(checkpoint, fingerprint);
            resumed = new SearchResumed(0, 0, 0, 0, restored, EpochsDone);
        }
        var observer = session.Observer;
        observer?.Started(new SearchStart(Request.Method, Space, Data, Plan, session.Store.Location, resumed));
        await Task.Run(() =>
        {
            Runtime.TorchRuntime.UseThreadsHere();
            while (EpochsDone < Epochs)
            {
                var (json, shown) = RunEpoch(observer?.Batches, cancellationToken);
                session.Store.AddStep(Kind, shown.Epoch, json);
                if (checkpoint is not null) Save(checkpoint, fingerprint);
                observer?.EpochFinished(shown);
            }
        }, cancellationToken).ConfigureAwait(false);
        return Finish(session) with { Elapsed = clock.Elapsed };
    }

    /// <summary>Frees the network, the optimisers and the data.</summary>
    public abstract void Dispose();
}
