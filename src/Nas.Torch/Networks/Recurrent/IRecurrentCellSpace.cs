using Nas.Architectures;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>
/// A kind of language space (<see cref="Nas.Spaces.SpaceKind"/> with task language) that builds its own recurrent cells:
/// registering the kind in the space catalog is all a new recurrent space needs.
/// </summary>
public interface IRecurrentCellSpace
{
    /// <summary>The cell factory of <paramref name="architecture"/>: (input size, hidden size, hidden dropout) to a cell.</summary>
    /// <param name="architecture">An architecture of this space.</param>
    Func<int, int, double, RecurrentCell> Cell(Architecture architecture);
}
