using System.Text.Json;

namespace Nas.Spaces.Cells;

/// <summary>
/// A cell-based architecture as plain data, in the DARTS format: for each of the two cells a list
/// of edges, two per intermediate node in node order, and the states concatenated into the cell's
/// output. Intermediate node i is state i+2 and reads two of the states before it.
/// Construction does not check anything; <see cref="Validate"/> does, and every reader
/// (<see cref="FromJson(string)"/>, the spaces, the networks) calls it.
/// </summary>
/// <param name="Normal">The normal cell's edges, two per node.</param>
/// <param name="NormalConcat">The states concatenated into the normal cell's output.</param>
/// <param name="Reduce">The reduction cell's edges, two per node.</param>
/// <param name="ReduceConcat">The states concatenated into the reduction cell's output.</param>
public sealed record Genotype(
    IReadOnlyList<CellEdge> Normal,
    IReadOnlyList<int> NormalConcat,
    IReadOnlyList<CellEdge> Reduce,
    IReadOnlyList<int> ReduceConcat)
{
    /// <summary>The normal cell's edges (a copy of what was given).</summary>
    public IReadOnlyList<CellEdge> Normal { get; init; } = Normal.ToArray();

    /// <summary>The normal cell's concatenated states.</summary>
    public IReadOnlyList<int> NormalConcat { get; init; } = NormalConcat.ToArray();

    /// <summary>The reduction cell's edges.</summary>
    public IReadOnlyList<CellEdge> Reduce { get; init; } = Reduce.ToArray();

    /// <summary>The reduction cell's concatenated states.</summary>
    public IReadOnlyList<int> ReduceConcat { get; init; } = ReduceConcat.ToArray();

    /// <summary>The edges of one cell.</summary>
    /// <param name="cell">Normal or reduction cell.</param>
    public IReadOnlyList<CellEdge> Edges(CellKind cell) => cell == CellKind.Normal ? Normal : Reduce;

    /// <summary>The concatenated states of one cell.</summary>
    /// <param name="cell">Normal or reduction cell.</param>
    public IReadOnlyList<int> Concat(CellKind cell) => cell == CellKind.Normal ? NormalConcat : ReduceConcat;

    /// <summary>The number of intermediate nodes of one cell (half its edges).</summary>
    /// <param name="cell">Normal or reduction cell.</param>
    public int Nodes(CellKind cell) => Edges(cell).Count / 2;

    /// <summary>The distinct ops used anywhere, in order of first use.</summary>
    public IReadOnlyList<string> Ops => Normal.Concat(Reduce).Select(e => e.Op).Distinct().ToArray();

    /// <summary>
    /// Checks the genotype: known ops, two edges per node, inputs that are cell inputs or earlier
    /// nodes, concatenated states that are distinct intermediate nodes. Throws
    /// <see cref="NasUserException"/> naming the cell, edge and value at fault.
    /// </summary>
    public Genotype Validate() => GenotypeValidator.Validate(this);

    /// <summary>The JSON form: <c>{"normal":[["sep_conv_3x3",0],..],"normal_concat":[2,3,4,5],"reduce":[..],"reduce_concat":[..]}</c>.</summary>
    /// <param name="indented">Indent the JSON for people.</param>
    public string ToJson(bool indented = false) => GenotypeJson.Write(this, indented);

    /// <summary>Reads and validates the JSON form; throws <see cref="NasUserException"/> for malformed or invalid input.</summary>
    /// <param name="json">The JSON text.</param>
    public static Genotype FromJson(string json) => GenotypeJson.Read(json);

    /// <summary>Reads and validates the JSON form from an element.</summary>
    /// <param name="element">The JSON object.</param>
    public static Genotype FromJson(JsonElement element) => GenotypeJson.Read(element);

    /// <summary>Equal when both cells have the same edges and concatenated nodes, in the same order.</summary>
    /// <param name="other">The genotype to compare with.</param>
    public bool Equals(Genotype? other) =>
        other is not null
        && Normal.SequenceEqual(other.Normal) && NormalConcat.SequenceEqual(other.NormalConcat)
        && Reduce.SequenceEqual(other.Reduce) && ReduceConcat.SequenceEqual(other.ReduceConcat);

    /// <summary>A hash of both cells' edges and concatenated nodes, consistent with <see cref="Equals(Genotype?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var e in Normal) hash.Add(e);
        foreach (int i in NormalConcat) hash.Add(i);
        hash.Add(-1);
        foreach (var e in Reduce) hash.Add(e);
        foreach (int i in ReduceConcat) hash.Add(i);
        return hash.ToHashCode();
    }

    /// <summary>The DARTS reference's text form, <c>Genotype(normal=[('sep_conv_3x3', 0), ..], normal_concat=[2, 3, 4, 5], ..)</c>.</summary>
    public override string ToString() =>
        $"Genotype(normal=[{string.Join(", ", Normal)}], normal_concat=[{string.Join(", ", NormalConcat)}], " +
        $"reduce=[{string.Join(", ", Reduce)}], reduce_concat=[{string.Join(", ", ReduceConcat)}])";
}
