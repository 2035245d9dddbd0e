using Nas.Architectures;
using Nas.Spaces;

namespace Nas.Strategies;

/// <summary>
/// Draws architectures uniformly: every active decision in order, a categorical one uniformly among
/// its allowed options, a subset one by a fair coin per allowed option. Shared by random search and
/// the strategies that need random starting points.
/// </summary>
public static class ArchitectureSampler
{
    /// <summary>One architecture of <paramref name="space"/>, drawn uniformly decision by decision.</summary>
    /// <param name="space">The space to draw from.</param>
    /// <param name="random">The generator; the same generator state gives the same architecture.</param>
    public static Architecture Sample(SearchSpace space, Random random)
    {
        var values = new Dictionary<string, Choice>(StringComparer.Ordinal);
        foreach (var decision in space.Decisions)
        {
            if (!decision.IsActiveGiven(values)) continue;
            values[decision.Name] = SampleOne(decision, values, random);
        }
        return Architecture.Create(space, values);
    }

    /// <summary>Draws a value for one decision given the earlier values.</summary>
    /// <param name="decision">The decision to draw.</param>
    /// <param name="earlier">The values of the decisions before it (they decide which options are allowed).</param>
    /// <param name="random">The generator.</param>
    public static Choice SampleOne(Decision decision, IReadOnlyDictionary<string, Choice> earlier, Random random)
    {
        var allowed = decision.AllowedGiven(earlier);
        if (decision.IsSubset) return Choice.Subset(allowed.Where(_ => random.Next(2) == 1));
        if (allowed.Count == 0) throw new InvalidOperationException($"decision '{decision.Name}' allows no option here");
        return Choice.Single(allowed[random.Next(allowed.Count)]);
    }

    /// <summary>A uniformly drawn architecture not in <paramref name="visited"/> if one turns up in 100 draws, else the last drawn.</summary>
    /// <param name="space">The space to draw from.</param>
    /// <param name="random">The generator.</param>
    /// <param name="visited">Keys of the architectures already proposed.</param>
    public static Architecture SampleNew(SearchSpace space, Random random, IReadOnlySet<string> visited)
    {
        var architecture = Sample(space, random);
        for (int i = 0; i < 100 && visited.Contains(architecture.Key); i++) architecture = Sample(space, random);
        return architecture;
    }
}
