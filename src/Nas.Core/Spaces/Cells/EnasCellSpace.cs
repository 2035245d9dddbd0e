using Nas.Architectures;

namespace Nas.Spaces.Cells;

/// <summary>
/// The ENAS micro space: a normal and a reduction cell, each with (by default) 5 intermediate
/// nodes. Node i reads two states among the cell's two inputs and nodes 0..i-1 (the same one twice
/// is allowed), each through an op of the ENAS set (<see cref="CellOps.EnasMicro"/>); the cell's
/// output concatenates the nodes that no other node of the cell reads.
/// Decision names as in <see cref="DartsCellSpace"/>, with input_b free.
/// </summary>
public static class EnasCellSpace
{
    /// <summary>The space's name in the catalog and in architecture files.</summary>
    public const string Name = "enas-cell";

    /// <summary>The default settings: 5 nodes, <see cref="CellOps.EnasMicro"/>.</summary>
    public static CellSpaceOptions Defaults { get; } = new(5, CellOps.EnasMicro);

    /// <summary>Builds the space; null options means <see cref="Defaults"/>.</summary>
    /// <param name="options">Nodes per cell and candidate ops.</param>
    public static SearchSpace Create(CellSpaceOptions? options = null) =>
        CellSpace.Build(Name, (options ?? Defaults).Validated(Name), distinctInputs: false);

    /// <summary>Decodes an architecture of an enas-cell space into its genotype.</summary>
    /// <param name="architecture">An architecture of an enas-cell space.</param>
    public static Genotype ToGenotype(Architecture architecture) => CellSpace.ToGenotype(architecture);
}
