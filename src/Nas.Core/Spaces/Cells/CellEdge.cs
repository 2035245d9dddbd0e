namespace Nas.Spaces.Cells;

/// <summary>
/// One edge of a cell: the op applied to one input of a node. <see cref="Input"/> is a state index:
/// 0 and 1 are the cell's inputs (the outputs of cells k-2 and k-1), 2 and up the cell's earlier
/// intermediate nodes (state i+2 is intermediate node i).
/// </summary>
/// <param name="Op">The op's name (<see cref="CellOps"/>).</param>
/// <param name="Input">The state it reads: 0 and 1 the cell's inputs, i + 2 intermediate node i.</param>
public readonly record struct CellEdge(string Op, int Input)
{
    /// <summary>The edge as the DARTS genotype files write it: <c>('op', input)</c>.</summary>
    public override string ToString() => $"('{Op}', {Input})";
}
