using Nas.Search;

namespace Nas.Execution.Pruning;

/// <summary>Builds a pruner from its name and the user's settings (group <c>pruner</c> of a search request).</summary>
public static class PrunerCatalog
{
    /// <summary>The known pruner names, in the order lists show them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "median", "asha"];

    /// <summary>The settings of group <c>pruner</c>: the rule's name and each rule's own settings (unset: the rule's default).</summary>
    public static SettingGroup Settings { get; } = new("pruner", "Early stopping", [
        Setting.Text("name", "none", "stop unpromising trials after an epoch: none, median (the median stopping rule) or asha (asynchronous successive halving)", Names),
        Setting.Integer("startup", null, $"median: completed trials needed at an epoch before pruning there (default {MedianStoppingRule.DefaultStartupTrials})", minimum: 0, advanced: true),
        Setting.Integer("warmup", null, $"median: epochs never pruned at (default {MedianStoppingRule.DefaultWarmupEpochs})", minimum: 0, advanced: true),
        Setting.Integer("min_epochs", null, $"asha: epoch of the first rung (default {SuccessiveHalvingPruner.DefaultMinEpochs})", minimum: 1, advanced: true),
        Setting.Integer("eta", null, $"asha: reduction factor between rungs (default {SuccessiveHalvingPruner.DefaultReductionFactor})", minimum: 2, advanced: true),
        Setting.Integer("min_rate", null, $"asha: minimum early-stopping rate s (default {SuccessiveHalvingPruner.DefaultMinEarlyStoppingRate})", minimum: 0, advanced: true),
    ]);

    /// <summary>The pruner of group <c>pruner</c>; a setting of another rule than the one named is refused.</summary>
    /// <param name="values">The <c>pruner</c> group as read from a request.</param>
    public static IPruner Create(SettingValues values)
    {
        string name = values.Text("name");
        string[] median = ["startup", "warmup"], asha = ["min_epochs", "eta", "min_rate"];
        foreach (var key in median.Concat(asha))
            if (values.Given(key) && !(name == "median" && median.Contains(key) || name == "asha" && asha.Contains(key)))
                throw new SettingException(values.PathOf(key), $"is a setting of the {(median.Contains(key) ? "median" : "asha")} rule, not of {name}");
        return Create(name, new PrunerSettings(values.OptionalInteger("startup"), values.OptionalInteger("warmup"),
            values.OptionalInteger("min_epochs"), values.OptionalInteger("eta"), values.OptionalInteger("min_rate")));
    }

    /// <summary>
    /// The pruner called <paramref name="name"/> (case-insensitive), with the defaults for the settings left null.
    /// Throws <see cref="SettingException"/> for an unknown name or a setting out of range.
    /// </summary>
    /// <param name="name">none, median or asha.</param>
    /// <param name="settings">The rule's options; null ones take the defaults.</param>
    public static IPruner Create(string name, PrunerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        try { return Build(name, settings); }
        catch (ArgumentOutOfRangeException e)
        {
            string key = e.ParamName switch
            {
                "startupTrials" => "startup", "warmupEpochs" => "warmup", "minEpochs" => "min_epochs", "reductionFactor" => "eta", _ => "min_rate",
            };
            throw new SettingException($"pruner.{key}", $"{e.Message.Split(" (Parameter", 2)[0]}, got {e.ActualValue}");
        }
    }

    private static IPruner Build(string name, PrunerSettings settings)
    {
        return name?.ToLowerInvariant() switch
        {
            "none" => new NoPruner(),
            "median" => new MedianStoppingRule(
                settings.StartupTrials ?? MedianStoppingRule.DefaultStartupTrials,
                settings.WarmupEpochs ?? MedianStoppingRule.DefaultWarmupEpochs),
            "asha" => new SuccessiveHalvingPruner(
                settings.MinEpochs ?? SuccessiveHalvingPruner.DefaultMinEpochs,
                settings.ReductionFactor ?? SuccessiveHalvingPruner.DefaultReductionFactor,
                settings.MinEarlyStoppingRate ?? SuccessiveHalvingPruner.DefaultMinEarlyStoppingRate),
            _ => throw new SettingException("pruner.name", $"must be one of {string.Join(", ", Names)}, got '{name}'"),
        };
    }
}
