using System.Text.Json;
using Nas.Spaces;

namespace Nas.Verification;

/// <summary>
/// The spaces strategies are measured on with <see cref="SyntheticObjective"/>, each with more than 10^12
/// architectures: a flat one with no structure, the macro space (layer choices and skip connections, which are
/// subset decisions) and the DARTS cell space (ops and inputs per edge, with allowed inputs that depend on the node).
/// </summary>
public static class SyntheticSpaces
{
    /// <summary>The names <see cref="Create"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = ["flat", "macro", "darts-cell"];

    /// <summary>One of <see cref="Names"/>: <c>flat</c> (20 decisions of 4 options, 4^20 = 1.1 x 10^12) or a catalog space with its default settings.</summary>
    /// <param name="name">The space's name.</param>
    public static SearchSpace Create(string name) => name switch
    {
        "flat" => new SearchSpace("flat", Enumerable.Range(0, 20).Select(i =>
            new CategoricalDecision($"d{i}", Enumerable.Range(0, 4).Select(o => (OptionValue)o)))),
        "macro" or "darts-cell" => SpaceCatalog.Default.Create(name, JsonDocument.Parse("{}").RootElement),
        _ => throw new ArgumentException($"unknown synthetic space '{name}' (known: {string.Join(", ", Names)})", nameof(name)),
    };
}
