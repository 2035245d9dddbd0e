namespace Nas.Spaces.Cells;

/// <summary>The two cells of a cell-based network: the normal cell keeps the resolution, the reduction cell halves it.</summary>
public enum CellKind
{
    /// <summary>The normal cell: keeps the resolution and the channels.</summary>
    Normal,
    /// <summary>The reduction cell: halves the resolution and doubles the channels.</summary>
    Reduce,
}
