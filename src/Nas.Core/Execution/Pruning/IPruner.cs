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
    /// <param name="epoch">The epoch just finished, from 1.</param>
    /// <param name="value">The trial's value there (<see cref="Judged"/> of its curve).</param>
    /// <param name="others">Every other trial's value at that epoch.</param>
    bool ShouldPrune(int epoch, double value, IReadOnlyList<IntermediateValue> others);

    /// <summary>
    /// The value of a trial's curve so far (epoch 1 first, the current epoch last) that <see cref="ShouldPrune"/>
    /// judges: the current epoch's by default (successive halving compares the value at the rung).
    /// </summary>
    /// <param name="curve">The trial's validation accuracies, epoch 1 first.</param>
    double Judged(IReadOnlyList<double> curve) => curve[^1];

    /// <summary>The settings, for the recorded configuration.</summary>
    object Describe();
}
