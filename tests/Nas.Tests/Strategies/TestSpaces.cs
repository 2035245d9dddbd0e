using Nas.Architectures;
using Nas.Spaces;
using Nas.Strategies;

namespace Nas.Tests.Strategies;

/// <summary>Small spaces and closed-form objectives for strategy tests: no data, no training.</summary>
internal static class TestSpaces
{
    /// <summary><paramref name="decisions"/> categorical decisions <c>d0..</c> with <paramref name="options"/> options each.</summary>
    public static SearchSpace Flat(int decisions = 10, int options = 4) =>
        new("flat", Enumerable.Range(0, decisions).Select(i =>
            new CategoricalDecision($"d{i}", Enumerable.Range(0, options).Select(o => (OptionValue)o))));

    /// <summary>Flat categoricals plus one subset decision <c>mask</c> over <paramref name="subsetOptions"/> options.</summary>
    public static SearchSpace FlatWithSubset(int decisions = 10, int options = 4, int subsetOptions = 6) =>
        new("flat-subset", Flat(decisions, options).Decisions.Append(
            new SubsetDecision("mask", Enumerable.Range(0, subsetOptions).Select(o => (OptionValue)$"m{o}"))));

    /// <summary>
    /// A space whose decisions depend on each other: <c>depth</c> in {1,2,3} turns <c>op2</c>/<c>op3</c> on,
    /// limits <c>width</c> to its first two options at depth 1, and <c>skips</c> may only name layers below depth.
    /// </summary>
    public static SearchSpace Dependent()
    {
        static int Depth(IReadOnlyDictionary<string, Choice> e) => e["depth"].Index + 1;
        return new SearchSpace("dependent", new Decision[]
        {
            new CategoricalDecision("depth", new OptionValue[] { 1, 2, 3 }),
            new CategoricalDecision("op2", new OptionValue[] { "conv", "pool", "id" }, active: e => Depth(e) >= 2),
            new CategoricalDecision("op3", new OptionValue[] { "conv", "pool", "id" }, active: e => Depth(e) >= 3),
            new CategoricalDecision("width", new OptionValue[] { 8, 16, 32, 64 }, allowed: e => Depth(e) == 1 ? new[] { 0, 1 } : null),
            new SubsetDecision("skips", new OptionValue[] { 1, 2, 3 }, allowed: e => Enumerable.Range(0, Depth(e) - 1).ToArray()),
        });
    }

    /// <summary>A hidden optimum of a space: a fixed random valid architecture.</summary>
    public static Architecture Target(SearchSpace space, int seed) => ArchitectureSampler.Sample(space, new Random(seed));

    /// <summary>
    /// The fraction of decisions (and, for subset decisions, of options) on which <paramref name="a"/> agrees
    /// with <paramref name="target"/>: 1 only at the target.
    /// </summary>
    public static double Agreement(Architecture a, Architecture target)
    {
        int agree = 0, total = 0;
        foreach (var d in target.Space.Decisions)
        {
            if (d.IsSubset)
            {
                for (int o = 0; o < d.Options.Length; o++, total++)
                    if (a[d.Name].Contains(o) == target[d.Name].Contains(o)) agree++;
            }
            else
            {
                total++;
                if (a[d.Name].Index == target[d.Name].Index) agree++;
            }
        }
        return (double)agree / total;
    }

    /// <summary>How many decisions of two architectures of the same space have different values (absent counts as a value).</summary>
    public static int Differences(Architecture a, Architecture b) => ArchitectureMutator.Differences(a, b);

    /// <summary>Every valid architecture of a (small) space, by walking the decisions in order.</summary>
    public static IEnumerable<Architecture> All(SearchSpace space)
    {
        IEnumerable<Dictionary<string, Choice>> Extend(int position, Dictionary<string, Choice> values)
        {
            if (position == space.Decisions.Length) { yield return values; yield break; }
            var decision = space.Decisions[position];
            if (!decision.IsActiveGiven(values))
            {
                foreach (var v in Extend(position + 1, values)) yield return v;
                yield break;
            }
            var allowed = decision.AllowedGiven(values);
            var choices = decision.IsSubset
                ? Enumerable.Range(0, 1 << allowed.Count).Select(bits => Choice.Subset(allowed.Where((_, k) => (bits >> k & 1) == 1)))
                : allowed.Select(Choice.Single);
            foreach (var choice in choices)
                foreach (var v in Extend(position + 1, new Dictionary<string, Choice>(values) { [decision.Name] = choice }))
                    yield return v;
        }
        return Extend(0, new Dictionary<string, Choice>(StringComparer.Ordinal)).Select(v => Architecture.Create(space, v));
    }
}
