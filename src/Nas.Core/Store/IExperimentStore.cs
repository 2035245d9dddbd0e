using Nas.Architectures;
using Nas.Evaluation;
using Nas.Strategies;

namespace Nas.Store;

/// <summary>Where an experiment keeps its configuration and every trial.</summary>
public interface IExperimentStore : IDisposable
{
    /// <summary>Records the experiment's full configuration (JSON); kept once, at the start.</summary>
    void SaveConfiguration(string json);

    /// <summary>The configuration recorded at the start, or null.</summary>
    string? LoadConfiguration();

    /// <summary>Records a trial as running and returns its number.</summary>
    long StartTrial(long proposalId, Architecture architecture, int seed);

    /// <summary>Appends one epoch of a trial's learning curve.</summary>
    void AddEpoch(long trialId, EpochMetrics epoch);

    /// <summary>Records how a trial ended.</summary>
    void FinishTrial(long trialId, TrialOutcome outcome);

    /// <summary>Every trial, in order.</summary>
    IReadOnlyList<TrialRecord> Trials();

    /// <summary>Appends (or replaces) one step of the search log; see <see cref="SearchStep"/>.</summary>
    void AddStep(string kind, long step, string json);

    /// <summary>The search log, in order of kind and step; only <paramref name="kind"/> when given.</summary>
    IReadOnlyList<SearchStep> Steps(string? kind = null);

    /// <summary>
    /// Saves a strategy's state under a key (controller weights, optimiser, baseline, population, random
    /// state), replacing what was there in one transaction, so a stopped search can resume from it.
    /// </summary>
    void SaveState(string key, byte[] state);

    /// <summary>The state saved under <paramref name="key"/>, or null.</summary>
    byte[]? LoadState(string key);
}
