namespace Nas.Spaces.Cells;

/// <summary>The two cells of a cell-based network: the normal cell keeps the resolution, the reduction cell halves it.</summary>
public enum CellKind
{
    Normal,
    Reduce,
}
