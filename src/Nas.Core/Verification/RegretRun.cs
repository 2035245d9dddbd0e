using Nas.Strategies;

namespace Nas.Verification;

/// <summary>
/// One strategy against a <see cref="SyntheticObjective"/> through its public ask/tell interface, one evaluation at
/// a time. After each evaluation it records the regret of the architecture the strategy would hand over then: the
/// best one by observed (noisy) score, measured by its true score.
/// </summary>
public static class RegretRun
{
    /// <summary>Runs <paramref name="evaluations"/> asks and tells (fewer if the strategy is exhausted); returns the regret after each.</summary>
    /// <param name="strategy">A fresh strategy over the objective's space.</param>
    /// <param name="objective">The objective.</param>
    /// <param name="evaluations">How many evaluations to run.</param>
    /// <param name="noiseSeed">Seeds the observation noise.</param>
    public static double[] Run(IStrategy strategy, SyntheticObjective objective, int evaluations, int noiseSeed)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfNegative(evaluations);
        var noise = new SeededRandom(noiseSeed);
        var regrets = new List<double>(evaluations);
        double bestObserved = double.NegativeInfinity, bestRegret = 1;
        for (int n = 0; n < evaluations && !strategy.Exhausted; n++)
        {
            var proposal = strategy.Ask();
            double observed = objective.Observe(proposal.Architecture, noise);
            strategy.Tell(proposal, TrialOutcome.Scored(observed));
            if (observed > bestObserved)
            {
                bestObserved = observed;
                bestRegret = objective.Regret(proposal.Architecture);
            }
            regrets.Add(bestRegret);
        }
        return regrets.ToArray();
    }
}
