using Nas.Evaluation;

namespace Nas.Strategies.Pareto;

/// <summary>The CLI names of the <see cref="ParetoObjective"/> values, and each one's cost in a trial's metrics.</summary>
public static class ParetoObjectives
{
    /// <summary>The names, in the order of the enum: <c>params</c>, <c>madds</c>, <c>latency</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["params", "madds", "latency"];

    /// <summary>The CLI name of an objective.</summary>
    /// <param name="objective">The objective.</param>
    public static string Name(ParetoObjective objective) => objective switch
    {
        ParetoObjective.Parameters => "params",
        ParetoObjective.MultiplyAdds => "madds",
        ParetoObjective.Latency => "latency",
        _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "not an objective"),
    };

    /// <summary>The objective of a CLI name (compared without case); false for any other word.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="objective">The objective, when the name is known.</param>
    public static bool TryParse(string? name, out ParetoObjective objective)
    {
        int index = name is null ? -1 : Names.ToList().FindIndex(n => n.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
        objective = index < 0 ? default : (ParetoObjective)index;
        return index >= 0;
    }

    /// <summary>The objective of a CLI name; <see cref="ArgumentException"/> listing the names for any other word.</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    public static ParetoObjective Parse(string name) => TryParse(name, out var objective) ? objective
        : throw new ArgumentException($"unknown objective '{name}' (known: {string.Join(", ", Names)})", nameof(name));

    /// <summary>
    /// The trial's cost under <paramref name="objective"/>, or null when it was not measured: no latency, or 0
    /// parameters or multiply-adds (what <see cref="TrialMetrics"/> records when they were not measured).
    /// </summary>
    /// <param name="objective">Which cost.</param>
    /// <param name="metrics">What the trial measured.</param>
    public static double? CostOf(ParetoObjective objective, TrialMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return objective switch
        {
            ParetoObjective.Parameters => metrics.Parameters > 0 ? metrics.Parameters : null,
            ParetoObjective.MultiplyAdds => metrics.MultiplyAdds > 0 ? metrics.MultiplyAdds : null,
            ParetoObjective.Latency => metrics.LatencyMilliseconds is { } ms && double.IsFinite(ms) && ms >= 0 ? ms : null,
            _ => throw new ArgumentOutOfRangeException(nameof(objective), objective, "not an objective"),
        };
    }
}
