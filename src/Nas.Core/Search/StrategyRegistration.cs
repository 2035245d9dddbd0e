using Nas.Spaces;
using Nas.Strategies;

namespace Nas.Search;

/// <summary>
/// A multi-trial strategy as the <see cref="StrategyCatalog"/> knows it: a name (which is also the name of its search
/// method), one line about it, its settings (group named after it, unless it says otherwise), and how to build it. Registering one makes it a
/// search method, with its settings in the CLI, without further code.
/// </summary>
/// <param name="Name">The name (<c>evolution</c>); its settings group has the same name.</param>
/// <param name="Summary">One line for lists of methods.</param>
/// <param name="Settings">Its settings; empty for none.</param>
/// <param name="Create">Builds the strategy; throws <see cref="SettingException"/> naming a setting that does not work.</param>
/// <param name="Supports">Whether it can search a space (null: every space).</param>
public sealed record StrategyRegistration(string Name, string Summary, IReadOnlyList<Setting> Settings, Func<StrategyContext, IStrategy> Create,
    Func<SearchSpace, bool>? Supports = null)
{
    /// <summary>The name of its settings group: its own name unless it shares a group's name with another method (the controllers' <c>controller</c>).</summary>
    public string? GroupName { get; init; }

    /// <summary>The settings as a group.</summary>
    public SettingGroup Group => new(GroupName ?? Name, $"{Name} strategy", Settings);
}
