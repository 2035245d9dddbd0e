using Nas.Architectures;
using Nas.Spaces;

namespace Nas.Strategies;

/// <summary>
/// Changes exactly one decision of an architecture, as regularized evolution mutates a parent: a
/// categorical decision moves to a different allowed option, a subset decision flips one allowed
/// option in or out. Later decisions that the change makes invalid are drawn afresh, later decisions
/// that stop applying are dropped, and the rest are kept.
/// </summary>
public static class ArchitectureMutator
{
    /// <summary>
    /// How many decisions two architectures of one space differ in, a decision that only one of them has included: a
    /// child of <see cref="Mutate"/> is one away from its parent (repairs aside).
    /// </summary>
    /// <param name="a">One architecture.</param>
    /// <param name="b">The other, of the same space.</param>
    public static int Differences(Architecture a, Architecture b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Space.Decisions.Count(d => a.Has(d.Name) != b.Has(d.Name) || (a.Has(d.Name) && !a[d.Name].Equals(b[d.Name])));
    }

    /// <summary>
    /// A child of <paramref name="parent"/> that differs in one chosen decision (plus the repairs that
    /// change forces). Returns the parent itself only when no decision of it can change at all.
    /// </summary>
    /// <param name="parent">The architecture to change.</param>
    /// <param name="random">Chooses the decision and its new value.</param>
    public static Architecture Mutate(Architecture parent, Random random)
    {
        var space = parent.Space;
        var mutable = new List<(int Position, IReadOnlyList<int> Allowed)>();
        var earlier = new Dictionary<string, Choice>(StringComparer.Ordinal);
        for (int i = 0; i < space.Decisions.Length; i++)
        {
            var decision = space.Decisions[i];
            if (!parent.Has(decision.Name)) continue;
            var allowed = decision.AllowedGiven(earlier);
            if (allowed.Count >= (decision.IsSubset ? 1 : 2)) mutable.Add((i, allowed));
            earlier[decision.Name] = parent[decision.Name];
        }
        if (mutable.Count == 0) return parent;

        var (position, options) = mutable[random.Next(mutable.Count)];
        var target = space.Decisions[position];
        var current = parent[target.Name];
        Choice changed;
        if (target.IsSubset)
        {
            int flip = options[random.Next(options.Count)];
            changed = Choice.Subset(current.Contains(flip) ? current.Indices.Where(i => i != flip) : current.Indices.Append(flip));
        }
        else
        {
            var others = options.Where(i => i != current.Index).ToArray();
            changed = Choice.Single(others[random.Next(others.Length)]);
        }
        return Rebuild(parent, position, changed, random);
    }

    /// <summary>
    /// A near neighbour of <paramref name="parent"/>: one <see cref="Mutate"/> or, half the time, two (how
    /// <c>nas auto</c> screens around a hand-designed network: in the first hour-long run none of six uniform samples
    /// came near it at equal time).
    /// </summary>
    /// <param name="parent">The architecture to change.</param>
    /// <param name="random">Chooses one or two changes and each change.</param>
    public static Architecture Near(Architecture parent, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var child = Mutate(parent, random);
        return random.Next(2) == 0 ? child : Mutate(child, random);
    }

    /// <summary>
    /// Every architecture one decision away from <paramref name="parent"/>: each other allowed option of each
    /// categorical decision, each single option flipped in or out of each subset decision (with the repairs each
    /// change forces, drawn from <paramref name="random"/>), without duplicates, in decision order.
    /// </summary>
    /// <param name="parent">The architecture whose neighbourhood to list.</param>
    /// <param name="random">Draws the later values a change makes invalid.</param>
    public static IReadOnlyList<Architecture> Neighbours(Architecture parent, Random random)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var space = parent.Space;
        var result = new List<Architecture>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { parent.Key };
        var earlier = new Dictionary<string, Choice>(StringComparer.Ordinal);
        for (int i = 0; i < space.Decisions.Length; i++)
        {
            var decision = space.Decisions[i];
            if (!parent.Has(decision.Name)) continue;
            var current = parent[decision.Name];
            foreach (int option in decision.AllowedGiven(earlier))
            {
                if (!decision.IsSubset && option == current.Index) continue;
                var changed = decision.IsSubset
                    ? Choice.Subset(current.Contains(option) ? current.Indices.Where(k => k != option) : current.Indices.Append(option))
                    : Choice.Single(option);
                var child = Rebuild(parent, i, changed, random);
                if (seen.Add(child.Key)) result.Add(child);
            }
            earlier[decision.Name] = current;
        }
        return result;
    }

    // Walks the decisions in order: copies those before the change, sets the changed one, then keeps
    // each later value that is still valid, re-draws the invalid ones and drops the inactive ones.
    private static Architecture Rebuild(Architecture parent, int position, Choice changed, Random random)
    {
        var space = parent.Space;
        var values = new Dictionary<string, Choice>(StringComparer.Ordinal);
        for (int i = 0; i < space.Decisions.Length; i++)
        {
            var decision = space.Decisions[i];
            if (i < position)
            {
                if (parent.Has(decision.Name)) values[decision.Name] = parent[decision.Name];
                continue;
            }
            if (i == position)
            {
                values[decision.Name] = changed;
                continue;
            }
            if (!decision.IsActiveGiven(values)) continue;
            bool keep = parent.Has(decision.Name) && IsValid(decision, parent[decision.Name], decision.AllowedGiven(values));
            values[decision.Name] = keep ? parent[decision.Name] : ArchitectureSampler.SampleOne(decision, values, random);
        }
        return Architecture.Create(space, values);
    }

    private static bool IsValid(Decision decision, Choice choice, IReadOnlyList<int> allowed) =>
        (decision.IsSubset || choice.Indices.Length == 1) && choice.Indices.All(allowed.Contains);
}
