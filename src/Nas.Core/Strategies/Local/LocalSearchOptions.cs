namespace Nas.Strategies.Local;

/// <summary>Settings of <see cref="LocalSearch"/>.</summary>
/// <param name="Starts">Random architectures evaluated before each climb; the climb starts at the best of them.</param>
/// <param name="BestImprovement">Evaluate a whole neighbourhood and move to its best (White et al.'s rule), rather than to the first neighbour that beats the current architecture.</param>
public sealed record LocalSearchOptions(int Starts = 10, bool BestImprovement = false)
{
    /// <summary>Checks the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public LocalSearchOptions Validated()
    {
        if (Starts < 1) throw new ArgumentOutOfRangeException(nameof(Starts), Starts, "must be positive");
        return this;
    }
}
