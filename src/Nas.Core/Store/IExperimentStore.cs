using Nas.Evaluation;
using Nas.Execution.Pruning;
using Nas.Strategies;

namespace Nas.Store;

/// <summary>
/// Where an experiment keeps its configuration, its trial queue, every trial's learning curve and result,
/// the search log and the strategy's saved state. See <see cref="SqlExperimentStore"/> for the queue's rules.
/// </summary>
public interface IExperimentStore : IDisposable
{
    /// <summary>Where it is, for messages (never with a password).</summary>
    string Location { get; }

    /// <summary>Records the experiment's full configuration (JSON).</summary>
    /// <param name="json">The configuration, a JSON object.</param>
    void SaveConfiguration(string json);

    /// <summary>The configuration recorded at the start, or null.</summary>
    string? LoadConfiguration();

    /// <summary>Sets one experiment-wide value (for example <c>state</c>: running or finished).</summary>
    /// <param name="key">The value's name.</param>
    /// <param name="value">The value.</param>
    void SetValue(string key, string value);

    /// <summary>An experiment-wide value, or null.</summary>
    /// <param name="key">The value's name.</param>
    string? GetValue(string key);

    /// <summary>Adds a proposal to the queue as pending, saving the strategy's state in the same transaction; returns the trial's number.</summary>
    /// <param name="proposal">The proposal to train.</param>
    /// <param name="seed">The trial's seed.</param>
    /// <param name="state">The strategy's state after proposing it, or null.</param>
    long Enqueue(Proposal proposal, int seed, StrategySnapshot? state = null);

    /// <summary>
    /// Atomically takes the oldest pending trial for <paramref name="worker"/> under a lease, or returns null.
    /// Running trials whose lease has expired go back to pending first (or fail, after <paramref name="maxAttempts"/> claims).
    /// </summary>
    /// <param name="worker">The claiming worker's name.</param>
    /// <param name="lease">How long the claim holds without a renewal.</param>
    /// <param name="maxAttempts">Claims of one trial before it fails.</param>
    ClaimedTrial? Claim(string worker, TimeSpan lease, int maxAttempts);

    /// <summary>Extends a held lease; false when the worker no longer holds the trial (it expired and was taken back).</summary>
    /// <param name="trialId">The trial.</param>
    /// <param name="worker">The worker that holds it.</param>
    /// <param name="lease">The new lease, from now on the database's clock.</param>
    bool Renew(long trialId, string worker, TimeSpan lease);

    /// <summary>Appends one epoch of a trial's learning curve, only while <paramref name="worker"/> holds it.</summary>
    /// <param name="trialId">The trial.</param>
    /// <param name="worker">The worker that holds it.</param>
    /// <param name="epoch">The epoch's figures.</param>
    void AddEpoch(long trialId, string worker, EpochMetrics epoch);

    /// <summary>Records how a trial ended, only while <paramref name="worker"/> holds it; false (and nothing written) otherwise.</summary>
    /// <param name="trialId">The trial.</param>
    /// <param name="worker">The worker that holds it.</param>
    /// <param name="outcome">How it ended.</param>
    bool Finish(long trialId, string worker, TrialOutcome outcome);

    /// <summary>Returns running trials with expired leases to the queue (or fails them after <paramref name="maxAttempts"/>); returns how many changed.</summary>
    /// <param name="maxAttempts">Claims of one trial before it fails.</param>
    int RequeueExpired(int maxAttempts);

    /// <summary>Returns running trials to the queue at once: every one, or <paramref name="worker"/>'s (a search that stopped or died).</summary>
    /// <param name="worker">The worker whose trials go back, or null for every running trial.</param>
    int Requeue(string? worker = null);

    /// <summary>Finished trials (completed, failed, pruned) the strategy has not been told of, in the order they finished.</summary>
    IReadOnlyList<TrialRecord> Untold();

    /// <summary>Marks a trial told, saving the strategy's state in the same transaction.</summary>
    /// <param name="trialId">The trial.</param>
    /// <param name="state">The strategy's state after hearing of it, or null.</param>
    void MarkTold(long trialId, StrategySnapshot? state = null);

    /// <summary>How many trials there are, waiting, running and untold.</summary>
    QueueCounts Counts();

    /// <summary>Every other trial's validation accuracy at <paramref name="epoch"/>, for pruning rules.</summary>
    /// <param name="epoch">The epoch, from 1.</param>
    /// <param name="exceptTrial">The asking trial, left out.</param>
    IReadOnlyList<IntermediateValue> EpochValues(int epoch, long exceptTrial);

    /// <summary>Every trial, in order.</summary>
    IReadOnlyList<TrialRecord> Trials();

    /// <summary>Appends (or replaces) one step of the search log; see <see cref="SearchStep"/>.</summary>
    /// <param name="kind">The step's kind (<c>controller</c>, <c>enas</c>, <c>darts</c>).</param>
    /// <param name="step">Its number within the kind.</param>
    /// <param name="json">Its payload, a JSON object.</param>
    void AddStep(string kind, long step, string json);

    /// <summary>The search log, in order of kind and step; only <paramref name="kind"/> when given.</summary>
    /// <param name="kind">Only steps of this kind, or null for all.</param>
    IReadOnlyList<SearchStep> Steps(string? kind = null);

    /// <summary>Saves a strategy's state under a key, replacing what was there in one transaction.</summary>
    /// <param name="key">The key (the strategy's name).</param>
    /// <param name="state">The state.</param>
    void SaveState(string key, byte[] state);

    /// <summary>The state saved under <paramref name="key"/>, or null.</summary>
    /// <param name="key">The key.</param>
    byte[]? LoadState(string key);
}
