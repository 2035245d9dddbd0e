namespace Nas.Execution.Pruning;

/// <summary>Builds a pruner from its name (<c>--pruner</c>) and the user's settings.</summary>
public static class PrunerCatalog
{
    /// <summary>The known pruner names, in the order the CLI lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["none", "median", "asha"];

    /// <summary>
    /// The pruner called <paramref name="name"/> (case-insensitive), with the defaults for the settings left null.
    /// Throws <see cref="NasUserException"/> for an unknown name or a setting out of range.
    /// </summary>
    public static IPruner Create(string name, PrunerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
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
            _ => throw new NasUserException($"--pruner: unknown pruner '{name}' ({string.Join(", ", Names)})"),
        };
    }
}
