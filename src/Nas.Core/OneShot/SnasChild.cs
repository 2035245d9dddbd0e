using Nas.Spaces.Cells;

namespace Nas.OneShot;

/// <summary>
/// The child an SNAS search derives: the op of highest probability on every supernet edge
/// (<see cref="SupernetEdges"/> order, <c>none</c> allowed), and the same child as a <see cref="Genotype"/>.
/// </summary>
/// <param name="Normal">The op of every edge of the normal cell.</param>
/// <param name="Reduce">The op of every edge of the reduction cell.</param>
/// <param name="Genotype">The child in the two-edges-per-node genotype format (see <see cref="GenotypeDerivation.Snas"/>).</param>
/// <param name="DroppedEdges">Non-<c>none</c> edges the genotype could not hold (nodes with more than two live inputs).</param>
public sealed record SnasChild(IReadOnlyList<string> Normal, IReadOnlyList<string> Reduce, Genotype Genotype, int DroppedEdges);
