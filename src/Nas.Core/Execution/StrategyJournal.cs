using System.Text;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>
/// Keeps a strategy's record in the store: every step it logs goes to the search log as it happens, and
/// <see cref="SaveState"/> stores its whole state (under the strategy's name) for resuming.
/// </summary>
public sealed class StrategyJournal : IDisposable
{
    private readonly IStrategy _strategy;
    private readonly IExperimentStore _store;

    public StrategyJournal(IStrategy strategy, IExperimentStore store)
    {
        _strategy = strategy;
        _store = store;
        if (strategy is IStepLoggingStrategy logging) logging.StepLogged += OnStep;
    }

    /// <summary>The key the state is saved under.</summary>
    public string StateKey => _strategy.Name;

    /// <summary>Saves the strategy's state when it has one to save; call after each tell.</summary>
    public void SaveState()
    {
        if (_strategy is IStatefulStrategy stateful)
            _store.SaveState(StateKey, Encoding.UTF8.GetBytes(stateful.ExportState()));
    }

    private void OnStep(string kind, long step, string json) => _store.AddStep(kind, step, json);

    public void Dispose()
    {
        if (_strategy is IStepLoggingStrategy logging) logging.StepLogged -= OnStep;
    }
}
