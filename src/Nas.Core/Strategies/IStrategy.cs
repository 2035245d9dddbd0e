namespace Nas.Strategies;

/// <summary>
/// A search strategy, ask/tell style. <see cref="Ask"/> proposes the next architecture;
/// <see cref="Tell"/> reports how a proposal did. Several proposals may be out at once (parallel
/// workers), and results may come back in any order. Failed trials are told too, never dropped.
/// Strategies hold plain numbers, never tensors they do not own.
/// </summary>
public interface IStrategy
{
    /// <summary>A short name for logs and the store (for example <c>random</c>).</summary>
    string Name { get; }

    /// <summary>The next proposal, or null when the strategy has nothing more to propose.</summary>
    Proposal? Ask();

    /// <summary>Reports the outcome of an earlier proposal.</summary>
    void Tell(Proposal proposal, TrialOutcome outcome);
}
