using Nas.Architectures;

namespace Nas.Spaces.Cells;

/// <summary>
/// The DARTS cell space: a normal and a reduction cell, each with (by default) 4 intermediate
/// nodes. Node i reads two distinct states among the cell's two inputs and nodes 0..i-1, each
/// through an op; the cell's output concatenates every intermediate node.
/// By default the ops are DARTS's primitives without <c>none</c> (<see cref="CellOps.DartsCellOps"/>):
/// DARTS searches with <c>none</c> in its supernet but its derived cells never contain it. Pass
/// <see cref="CellOps.DartsPrimitives"/> as ops to search with it.
/// Decisions, per cell (<c>normal</c>, <c>reduce</c>) and node i, in order:
/// <c>{cell}.node{i}.input_a</c>, <c>{cell}.node{i}.input_b</c> (any state before the node but input_a),
/// <c>{cell}.node{i}.op_a</c>, <c>{cell}.node{i}.op_b</c>. Inputs are genotype state indices.
/// </summary>
public static class DartsCellSpace
{
    /// <summary>The space's name in the catalog and in architecture files.</summary>
    public const string Name = "darts-cell";

    /// <summary>The default settings: 4 nodes, <see cref="CellOps.DartsCellOps"/>.</summary>
    public static CellSpaceOptions Defaults { get; } = new(4, CellOps.DartsCellOps);

    /// <summary>Builds the space; null options means <see cref="Defaults"/>.</summary>
    /// <param name="options">Nodes per cell and candidate ops.</param>
    public static SearchSpace Create(CellSpaceOptions? options = null) =>
        CellSpace.Build(Name, (options ?? Defaults).Validated(Name), distinctInputs: true);

    /// <summary>Decodes an architecture of a darts-cell space into its genotype.</summary>
    /// <param name="architecture">An architecture of a darts-cell space.</param>
    public static Genotype ToGenotype(Architecture architecture) => CellSpace.ToGenotype(architecture);
}
