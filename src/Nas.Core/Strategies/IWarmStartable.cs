using Nas.Architectures;

namespace Nas.Strategies;

/// <summary>
/// A strategy that can start from the results of an earlier search of the same space (same or another data set):
/// they join its population, observations or climb as if it had proposed them, before its first ask.
/// </summary>
public interface IWarmStartable : IStrategy
{
    /// <summary>Takes earlier results; call before the first <see cref="IStrategy.Ask"/>.</summary>
    /// <param name="results">Architectures of this strategy's space with their scores, oldest first.</param>
    void WarmStart(IReadOnlyList<PriorResult> results);
}

/// <summary>An earlier trial's architecture and score (its validation accuracy).</summary>
/// <param name="Architecture">The architecture, of the searching strategy's space.</param>
/// <param name="Score">Its score, higher is better.</param>
public sealed record PriorResult(Architecture Architecture, double Score);
