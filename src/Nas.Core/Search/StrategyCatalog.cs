using Nas.Strategies;
using Nas.Strategies.Local;
using Nas.Strategies.Pareto;
using Nas.Strategies.Tpe;

namespace Nas.Search;

/// <summary>
/// The multi-trial strategies by name. <see cref="Default"/> holds random search and regularized evolution; the torch
/// library adds the REINFORCE controller when its search catalog is first used. Every strategy registered here is a
/// search method of its own name.
/// </summary>
public sealed class StrategyCatalog
{
    private readonly Dictionary<string, StrategyRegistration> _strategies = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];

    /// <summary>The catalog with the built-in strategies.</summary>
    public static StrategyCatalog Default { get; } = CreateDefault();

    private static StrategyCatalog CreateDefault()
    {
        var catalog = new StrategyCatalog();
        catalog.Register(RandomSearch.Registration);
        catalog.Register(RegularizedEvolution.Registration);
        catalog.Register(LocalSearch.Registration);
        catalog.Register(TreeParzenEstimator.Registration);
        catalog.Register(ParetoEvolution.Registration);
        return catalog;
    }

    /// <summary>Adds (or replaces) a strategy.</summary>
    /// <param name="strategy">The strategy's registration; its name is its key.</param>
    public void Register(StrategyRegistration strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (!_strategies.ContainsKey(strategy.Name)) _order.Add(strategy.Name);
        _strategies[strategy.Name] = strategy;
    }

    /// <summary>The strategies, in the order they were registered.</summary>
    public IReadOnlyList<StrategyRegistration> Strategies => _order.Select(n => _strategies[n]).ToArray();

    /// <summary>The strategy called <paramref name="name"/>, or null.</summary>
    /// <param name="name">The strategy's name.</param>
    public StrategyRegistration? Find(string name) => _strategies.GetValueOrDefault(name);
}
