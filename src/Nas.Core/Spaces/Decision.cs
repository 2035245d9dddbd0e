using System.Collections.Immutable;

namespace Nas.Spaces;

/// <summary>
/// Gives, from the values of earlier decisions, which option indices a decision may take now.
/// Returning null allows every option.
/// </summary>
public delegate IReadOnlyCollection<int>? AllowedOptions(IReadOnlyDictionary<string, Choice> earlier);

/// <summary>
/// Whether a decision applies at all, given earlier values (an inactive decision gets no value).
/// </summary>
public delegate bool ActiveWhen(IReadOnlyDictionary<string, Choice> earlier);

/// <summary>
/// One named decision of a search space with its full list of options. Some decisions depend on
/// earlier ones: which options are allowed, or whether the decision applies at all, can be known only
/// once earlier values are set. Controllers size their output heads by <see cref="Options"/> and mask
/// what <see cref="AllowedGiven"/> rules out.
/// </summary>
public abstract class Decision
{
    private readonly AllowedOptions? _allowed;
    private readonly ActiveWhen? _active;

    /// <param name="name">The decision's name, unique in its space (<c>L2.filters</c>).</param>
    /// <param name="options">Its options, at least one, none twice.</param>
    /// <param name="allowed">The options allowed given the earlier values (null: all).</param>
    /// <param name="active">Whether the decision applies given the earlier values (null: always).</param>
    /// <param name="description">What it means, or null.</param>
    /// <param name="layer">The layer it shapes, from 1, or null.</param>
    protected Decision(string name, IEnumerable<OptionValue> options, AllowedOptions? allowed, ActiveWhen? active, string? description, int? layer = null)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("a decision needs a name", nameof(name));
        Name = name;
        Options = options.ToImmutableArray();
        if (Options.Length == 0) throw new ArgumentException($"decision '{name}' has no options", nameof(options));
        if (Options.Distinct().Count() != Options.Length) throw new ArgumentException($"decision '{name}' lists an option twice", nameof(options));
        _allowed = allowed;
        _active = active;
        Description = description;
        if (layer is < 1) throw new ArgumentOutOfRangeException(nameof(layer), layer, "layers are numbered from 1");
        Layer = layer;
    }

    /// <summary>
    /// The layer of the network this decision shapes (from 1), or null. Controllers keep one hidden state per layer
    /// for the anchor-point attention of <see cref="SubsetDecision.OfEarlierLayers"/> decisions.
    /// </summary>
    public int? Layer { get; }

    /// <summary>The decision's name, unique within its space (for example <c>L3.filters</c>).</summary>
    public string Name { get; }

    /// <summary>Every option this decision can ever take, in a fixed order.</summary>
    public ImmutableArray<OptionValue> Options { get; }

    /// <summary>What the decision means, for help texts and reports.</summary>
    public string? Description { get; }

    /// <summary>True for a subset decision (any number of options); false for a categorical one.</summary>
    public abstract bool IsSubset { get; }

    /// <summary>True when the allowed options or the activity depend on earlier decisions.</summary>
    public bool IsDependent => _allowed is not null || _active is not null;

    /// <summary>Whether the decision applies, given the earlier values.</summary>
    /// <param name="earlier">The values of the decisions before this one, by name.</param>
    public bool IsActiveGiven(IReadOnlyDictionary<string, Choice> earlier) => _active?.Invoke(earlier) ?? true;

    /// <summary>The option indices allowed given the earlier values, ascending.</summary>
    /// <param name="earlier">The values of the decisions before this one, by name.</param>
    public IReadOnlyList<int> AllowedGiven(IReadOnlyDictionary<string, Choice> earlier)
    {
        var allowed = _allowed?.Invoke(earlier);
        if (allowed is null) return Enumerable.Range(0, Options.Length).ToArray();
        return allowed.Where(i => i >= 0 && i < Options.Length).Distinct().OrderBy(i => i).ToArray();
    }

    /// <summary>The index of an option value, or -1.</summary>
    /// <param name="value">An option.</param>
    public int IndexOf(OptionValue value) => Options.IndexOf(value);

    /// <summary>The decision in words: its name, one of or subset of, and its options.</summary>
    public override string ToString() => $"{Name} {(IsSubset ? "subset of" : "one of")} {{{string.Join(", ", Options)}}}";
}
