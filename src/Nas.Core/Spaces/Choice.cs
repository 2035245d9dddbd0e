using System.Collections.Immutable;

namespace Nas.Spaces;

/// <summary>
/// The value given to one decision: the indices of the chosen options, ascending and distinct.
/// A categorical decision has exactly one; a subset decision any number, none included.
/// Strategies work with these indices; the options themselves are only for people and networks.
/// </summary>
public sealed class Choice : IEquatable<Choice>
{
    /// <summary>The chosen option indices, ascending, no duplicates.</summary>
    public ImmutableArray<int> Indices { get; }

    private Choice(ImmutableArray<int> indices) => Indices = indices;

    /// <summary>A categorical choice of one option.</summary>
    /// <param name="index">The option's index, zero or more.</param>
    public static Choice Single(int index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), "option index must not be negative");
        return new Choice(ImmutableArray.Create(index));
    }

    /// <summary>A subset choice; indices are sorted and de-duplicated.</summary>
    /// <param name="indices">The chosen options' indices, none negative; may be empty.</param>
    public static Choice Subset(IEnumerable<int> indices)
    {
        var sorted = indices.Distinct().OrderBy(i => i).ToImmutableArray();
        if (sorted.Length > 0 && sorted[0] < 0) throw new ArgumentOutOfRangeException(nameof(indices), "option index must not be negative");
        return new Choice(sorted);
    }

    /// <summary>The one chosen index of a categorical choice.</summary>
    public int Index => Indices.Length == 1 ? Indices[0] : throw new InvalidOperationException("not a single choice");

    /// <summary>Whether option <paramref name="index"/> is among the chosen.</summary>
    /// <param name="index">An option's index.</param>
    public bool Contains(int index) => Indices.BinarySearch(index) >= 0;

    /// <summary>Equal when the same indices are chosen.</summary>
    /// <param name="other">The choice to compare with.</param>
    public bool Equals(Choice? other) => other is not null && Indices.SequenceEqual(other.Indices);
    /// <inheritdoc cref="Equals(Choice?)"/>
    public override bool Equals(object? obj) => Equals(obj as Choice);
    /// <summary>A hash of the chosen indices, consistent with <see cref="Equals(Choice?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int i in Indices) hash.Add(i);
        return hash.ToHashCode();
    }

    /// <summary>The indices as <c>[0,2]</c>.</summary>
    public override string ToString() => "[" + string.Join(",", Indices) + "]";
}
