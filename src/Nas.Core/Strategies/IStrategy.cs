namespace Nas.Strategies;

/// <summary>
/// A search strategy, ask/tell style. <see cref="Ask"/> proposes the next architecture;
/// <see cref="Tell"/> reports how a proposal did. Several proposals may be out at once (parallel
/// workers), and results may come back in any order. Failed trials are told too, never dropped.
/// Strategies hold plain numbers, never tensors they do not own; one that holds native resources (a controller's
/// weights) frees them in <see cref="IDisposable.Dispose"/>, which does nothing for the others.
/// </summary>
public interface IStrategy : IDisposable
{
    /// <summary>A short name for logs and the store (for example <c>random</c>).</summary>
    string Name { get; }

    /// <summary>The next proposal. Not to be called once <see cref="Exhausted"/>.</summary>
    Proposal Ask();

    /// <summary>Reports the outcome of an earlier proposal.</summary>
    /// <param name="proposal">A proposal this strategy made and has not been told of.</param>
    /// <param name="outcome">How its trial ended.</param>
    void Tell(Proposal proposal, TrialOutcome outcome);

    /// <summary>Whether the strategy has nothing more to propose (a finite space walked through); never, by default.</summary>
    bool Exhausted => false;

    /// <summary>Nothing to free, by default.</summary>
    void IDisposable.Dispose() { }
}
