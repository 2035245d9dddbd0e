using Nas.Architectures;
using Nas.Spaces;

namespace Nas.Strategies;

/// <summary>
/// An architecture as a row of small integers, for models of the search (TPE's densities, predictors, closed-form
/// objectives): one item per categorical decision (its option index) and one per option of each subset decision
/// (1 in, 0 out); -1 where the decision does not apply.
/// </summary>
public sealed class ArchitectureEncoding
{
    private readonly (Decision Decision, int Option)[] _items;

    /// <param name="space">The space whose architectures to encode.</param>
    public ArchitectureEncoding(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        Space = space;
        _items = space.Decisions.SelectMany(d => d.IsSubset
            ? Enumerable.Range(0, d.Options.Length).Select(o => (d, o))
            : [(d, -1)]).ToArray();
        ItemsOf = space.Decisions.ToDictionary(d => d.Name,
            d => _items.Select((item, i) => (item, i)).Where(x => x.item.Decision == d).Select(x => x.i).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The space.</summary>
    public SearchSpace Space { get; }

    /// <summary>How many items a row has.</summary>
    public int Count => _items.Length;

    /// <summary>The decision an item belongs to.</summary>
    /// <param name="item">The item's position in a row.</param>
    public Decision DecisionOf(int item) => _items[item].Decision;

    /// <summary>The option an item stands for (subset decisions), or -1 (a categorical decision's one item).</summary>
    /// <param name="item">The item's position in a row.</param>
    public int OptionOf(int item) => _items[item].Option;

    /// <summary>How many states an item has when its decision applies: the options of a categorical decision, 2 for a subset option.</summary>
    /// <param name="item">The item's position in a row.</param>
    public int StatesOf(int item) => _items[item].Option < 0 ? _items[item].Decision.Options.Length : 2;

    /// <summary>The items of each decision, by the decision's name: one for a categorical decision, one per option for a subset one.</summary>
    public IReadOnlyDictionary<string, int[]> ItemsOf { get; }

    /// <summary>The row of an architecture of the space.</summary>
    /// <param name="architecture">An architecture of <see cref="Space"/>.</param>
    public int[] Encode(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (architecture.Space.Name != Space.Name)
            throw new ArgumentException($"the architecture is of the '{architecture.Space.Name}' space, not '{Space.Name}'", nameof(architecture));
        var row = new int[_items.Length];
        for (int i = 0; i < _items.Length; i++)
        {
            var (decision, option) = _items[i];
            row[i] = !architecture.Has(decision.Name) ? -1
                : option < 0 ? architecture[decision.Name].Index
                : architecture[decision.Name].Contains(option) ? 1 : 0;
        }
        return row;
    }

    /// <summary>How long a row of <see cref="Features(Architecture)"/> is: for every item one slot per state and one for "does not apply".</summary>
    public int FeatureCount => Enumerable.Range(0, _items.Length).Sum(i => StatesOf(i) + 1);

    /// <summary>An architecture one-hot encoded, for predictors: for every item, its state's slot is 1 (or its "does not apply" slot).</summary>
    /// <param name="architecture">An architecture of <see cref="Space"/>.</param>
    public double[] Features(Architecture architecture) => Features(Encode(architecture));

    /// <summary>A row of <see cref="Encode"/> one-hot encoded, as <see cref="Features(Architecture)"/>.</summary>
    /// <param name="row">A row of this encoding.</param>
    public double[] Features(int[] row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.Length != _items.Length) throw new ArgumentException($"a row of this encoding has {_items.Length} items, got {row.Length}", nameof(row));
        var features = new double[FeatureCount];
        int offset = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int states = StatesOf(i);
            features[offset + (row[i] < 0 ? states : row[i])] = 1;
            offset += states + 1;
        }
        return features;
    }
}
