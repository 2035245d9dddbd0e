using Nas.Execution;
using Nas.Spaces;

namespace Nas.Search;

/// <summary>What a strategy is built from: the space, the seed, its settings (its own group), and the budget it runs to.</summary>
/// <param name="Space">The space to search.</param>
/// <param name="Seed">The experiment seed.</param>
/// <param name="Settings">The strategy's settings, checked.</param>
/// <param name="Budget">The search's budget (some strategies warn when it is too small for them).</param>
/// <param name="Warnings">Where a strategy reports settings that work but probably not as meant.</param>
public sealed record StrategyContext(SearchSpace Space, int Seed, SettingValues Settings, Budget Budget, IList<SearchWarning> Warnings);
