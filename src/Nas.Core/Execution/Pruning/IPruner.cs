namespace Nas.Execution.Pruning;

/// <summary>
/// An early-stopping rule: after each epoch of a trial, decides from the other trials' values at the
/// same epoch whether this one is worth finishing. Pure logic; the loop reads the store and applies it.
/// </summary>
public interface IPruner
{
    /// <summary>A short name for the store and logs (none, median, asha).</summary>
    string Name { get; }

    /// <summary>
    /// Whether a trial that has just finished <paramref name="epoch"/> (1-based) with validation accuracy
    /// <paramref name="value"/> should stop now. <paramref name="others"/>: every other trial's value at the
    /// same epoch (any status: completed, pruned, running, failed).
    /// </summary>
    bool ShouldPrune(int epoch, double value, IReadOnlyList<IntermediateValue> others);

    /// <summary>
    /// The value of a trial's curve so far (epoch 1 first, the current epoch last) that <see cref="ShouldPrune"/>
    /// judges: the current epoch's by default (successive halving compares the value at the rung).
    /// </summary>
    double Judged(IReadOnlyList<double> curve) => curve[^1];

    /// <summary>The settings, for the recorded configuration.</summary>
    object Describe();
}
