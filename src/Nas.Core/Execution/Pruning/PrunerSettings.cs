namespace Nas.Execution.Pruning;

/// <summary>
/// The pruners' options as the user gave them; null means the pruner's default. Each pruner reads only its own.
/// </summary>
/// <param name="StartupTrials">Median rule: completed trials needed at an epoch before it prunes there.</param>
/// <param name="WarmupEpochs">Median rule: epochs never pruned at, from the first.</param>
/// <param name="MinEpochs">ASHA: the first rung's epoch, r.</param>
/// <param name="ReductionFactor">ASHA: eta, the ratio between rungs; about 1/eta of a rung is promoted.</param>
/// <param name="MinEarlyStoppingRate">ASHA: s, rungs skipped at the start.</param>
public sealed record PrunerSettings(
    int? StartupTrials = null,
    int? WarmupEpochs = null,
    int? MinEpochs = null,
    int? ReductionFactor = null,
    int? MinEarlyStoppingRate = null)
{
    /// <summary>Every option at its default.</summary>
    public static PrunerSettings Default { get; } = new();
}
