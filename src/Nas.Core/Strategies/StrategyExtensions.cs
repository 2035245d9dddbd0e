namespace Nas.Strategies;

/// <summary>Conveniences for driving a strategy by hand.</summary>
public static class StrategyExtensions
{
    /// <summary>Tells a plain score to maximise (see <see cref="TrialOutcome.Scored"/>); a score that is not finite is told as a failure.</summary>
    /// <param name="strategy">The strategy that made the proposal.</param>
    /// <param name="proposal">The proposal.</param>
    /// <param name="score">Its score, higher is better.</param>
    public static void Tell(this IStrategy strategy, Proposal proposal, double score)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        strategy.Tell(proposal, TrialOutcome.Scored(score));
    }
}
