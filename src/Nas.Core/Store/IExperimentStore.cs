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
    void SaveConfiguration(string json);

    /// <summary>The configuration recorded at the start, or null.</summary>
    string? LoadConfiguration();

    /// <summary>Sets one experiment-wide value (for example <c>state</c>: running or finished).</summary>
    void SetValue(string key, string value);

    /// <summary>An experiment-wide value, or null.</summary>
    string? GetValue(string key);

    /// <summary>Adds a proposal to the queue as pending, saving the strategy's state in the same transaction; returns the trial's number.</summary>
    long Enqueue(Proposal proposal, int seed, StrategySnapshot? state = null);

    /// <summary>
    /// Atomically takes the oldest pending trial for <paramref name="worker"/> under a lease, or returns null.
    /// Running trials whose lease has expired go back to pending first (or fail, after <paramref name="maxAttempts"/> claims).
    /// </summary>
    ClaimedTrial? Claim(string worker, TimeSpan lease, int maxAttempts);

    /// <summary>Extends a held lease; false when the worker no longer holds the trial (it expired and was taken back).</summary>
    bool Renew(long trialId, string worker, TimeSpan lease);

    /// <summary>Appends one epoch of a trial's learning curve, only while <paramref name="worker"/> holds it.</summary>
    void AddEpoch(long trialId, string worker, EpochMetrics epoch);

    /// <summary>Records how a trial ended, only while <paramref name="worker"/> holds it; false (and nothing written) otherwise.</summary>
    bool Finish(long trialId, string worker, TrialOutcome outcome);

    /// <summary>Returns running trials with expired leases to the queue (or fails them after <paramref name="maxAttempts"/>); returns how many changed.</summary>
    int RequeueExpired(int maxAttempts);

    /// <summary>Returns running trials to the queue at once: every one, or <paramref name="worker"/>'s (a search that stopped or died).</summary>
    int Requeue(string? worker = null);

    /// <summary>Finished trials (completed, failed, pruned) the strategy has not been told of, in the order they finished.</summary>
    IReadOnlyList<TrialRecord> Untold();

    /// <summary>Marks a trial told, saving the strategy's state in the same transaction.</summary>
    void MarkTold(long trialId, StrategySnapshot? state = null);

    /// <summary>How many trials there are, waiting, running and untold.</summary>
    QueueCounts Counts();

    /// <summary>Every other trial's validation accuracy at <paramref name="epoch"/>, for pruning rules.</summary>
    IReadOnlyList<IntermediateValue> EpochValues(int epoch, long exceptTrial);

    /// <summary>Every trial, in order.</summary>
    IReadOnlyList<TrialRecord> Trials();

    /// <summary>Appends (or replaces) one step of the search log; see <see cref="SearchStep"/>.</summary>
    void AddStep(string kind, long step, string json);

    /// <summary>The search log, in order of kind and step; only <paramref name="kind"/> when given.</summary>
    IReadOnlyList<SearchStep> Steps(string? kind = null);

    /// <summary>Saves a strategy's state under a key, replacing what was there in one transaction.</summary>
    void SaveState(string key, byte[] state);

    /// <summary>The state saved under <paramref name="key"/>, or null.</summary>
    byte[]? LoadState(string key);
}
