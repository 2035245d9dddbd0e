namespace Nas.Strategies.Tpe;

/// <summary>
/// Settings of <see cref="TreeParzenEstimator"/>. Optuna's TPE sampler's defaults, except that the good trials are the
/// best 25% (Hyperopt's; Optuna takes 10%), up to 25 trials: 10 random start-up trials, 24 candidates, univariate,
/// prior weight 1. Measured on the synthetic objectives (docs/benchmarks.md), 25% and univariate did better at
/// 50 to 300 evaluations on all three spaces.
/// </summary>
/// <param name="Startup">Random trials before the model proposes.</param>
/// <param name="Candidates">Architectures drawn from the good trials' density per proposal; the one with the highest density ratio is proposed.</param>
/// <param name="Gamma">The fraction of completed trials counted as good (at least 1, at most <see cref="MaxGood"/>).</param>
/// <param name="Multivariate">Model the decisions jointly (one kernel per trial) rather than one by one.</param>
/// <param name="PriorWeight">Weight of the uniform prior in both densities.</param>
public sealed record TreeParzenOptions(int Startup = 10, int Candidates = 24, double Gamma = 0.25, bool Multivariate = false, double PriorWeight = 1.0)
{
    /// <summary>At most this many trials count as good, however many have completed (Optuna's cap).</summary>
    public const int MaxGood = 25;

    /// <summary>Checks the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public TreeParzenOptions Validated()
    {
        if (Startup < 1) throw new ArgumentOutOfRangeException(nameof(Startup), Startup, "must be positive");
        if (Candidates < 1) throw new ArgumentOutOfRangeException(nameof(Candidates), Candidates, "must be positive");
        if (!(Gamma > 0 && Gamma < 1)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "must be between 0 and 1");
        if (!(PriorWeight > 0) || double.IsInfinity(PriorWeight)) throw new ArgumentOutOfRangeException(nameof(PriorWeight), PriorWeight, "must be positive");
        return this;
    }

    /// <summary>How many of <paramref name="completed"/> trials count as good: gamma of them rounded up, at least 1, at most 25, and never all.</summary>
    /// <param name="completed">Completed trials, at least 2.</param>
    public int GoodCount(int completed) => Math.Clamp((int)Math.Ceiling(Gamma * completed), 1, Math.Min(MaxGood, completed - 1));
}
