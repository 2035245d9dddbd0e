namespace Nas.Execution.Pruning;

/// <summary>
/// Asynchronous successive halving (ASHA, Li et al. 2020) as Optuna's <c>SuccessiveHalvingPruner</c> does it.
/// Rung k sits at epoch r · eta^(s + k). A trial reaching a rung continues only if its value is in the top
/// 1/eta of the values recorded at that rung so far (its own included); between rungs it always continues.
/// Nothing waits for a rung to fill: early trials are promoted easily, later ones face a fuller rung.
/// </summary>
public sealed class SuccessiveHalvingPruner : IPruner
{
    /// <summary>Default of <see cref="MinEpochs"/> (r).</summary>
    public const int DefaultMinEpochs = 1;

    /// <summary>Default of <see cref="ReductionFactor"/> (eta), as in Optuna and the ASHA paper.</summary>
    public const int DefaultReductionFactor = 3;

    /// <summary>Default of <see cref="MinEarlyStoppingRate"/> (s).</summary>
    public const int DefaultMinEarlyStoppingRate = 0;

    /// <summary>Builds the pruner; throws <see cref="ArgumentOutOfRangeException"/> for an option out of range.</summary>
    /// <param name="minEpochs">r, the epoch unit of the rungs, at least 1 (default 1).</param>
    /// <param name="reductionFactor">η, at least 2: the top 1/η of each rung go on (default 3).</param>
    /// <param name="minEarlyStoppingRate">s, zero or more: the first rung is at r·η^s epochs (default 0).</param>
    public SuccessiveHalvingPruner(
        int minEpochs = DefaultMinEpochs,
        int reductionFactor = DefaultReductionFactor,
        int minEarlyStoppingRate = DefaultMinEarlyStoppingRate)
    {
        if (minEpochs < 1) throw new ArgumentOutOfRangeException(nameof(minEpochs), minEpochs, "must be at least 1");
        if (reductionFactor < 2) throw new ArgumentOutOfRangeException(nameof(reductionFactor), reductionFactor, "must be at least 2");
        if (minEarlyStoppingRate < 0) throw new ArgumentOutOfRangeException(nameof(minEarlyStoppingRate), minEarlyStoppingRate, "must be zero or more");
        MinEpochs = minEpochs;
        ReductionFactor = reductionFactor;
        MinEarlyStoppingRate = minEarlyStoppingRate;
    }

    /// <summary>r: the epoch unit of the rungs.</summary>
    public int MinEpochs { get; }

    /// <summary>eta: the ratio between successive rungs; about 1/eta of a rung is promoted.</summary>
    public int ReductionFactor { get; }

    /// <summary>s: the exponent of the first rung, so the first rung is at r · eta^s.</summary>
    public int MinEarlyStoppingRate { get; }

    /// <inheritdoc />
    public string Name => "asha";

    /// <summary>The rung epochs up to <paramref name="maxEpochs"/>, in order (empty if the first is beyond it).</summary>
    /// <param name="maxEpochs">The trials' epochs.</param>
    public IReadOnlyList<int> Rungs(int maxEpochs)
    {
        var rungs = new List<int>();
        // long: eta^k grows fast and must not wrap before it passes maxEpochs.
        for (long rung = FirstRung(); rung <= maxEpochs; rung *= ReductionFactor) rungs.Add((int)rung);
        return rungs;
    }

    /// <inheritdoc />
    public bool ShouldPrune(int epoch, double value, IReadOnlyList<IntermediateValue> others)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        if (!IsRung(epoch)) return false;
        if (double.IsNaN(value)) return true;
        // Optuna records a value at a rung only when it is a number, so NaN never competes.
        var competitors = others.Where(o => !double.IsNaN(o.Value)).Select(o => o.Value).Append(value).ToList();
        competitors.Sort((a, b) => b.CompareTo(a));
        int promotable = Math.Max(competitors.Count / ReductionFactor - 1, 0);
        // Promoted iff value >= the promotable value; neither side is NaN here.
        return value < competitors[promotable];
    }

    /// <inheritdoc />
    public object Describe() => new
    {
        min_epochs = MinEpochs,
        reduction_factor = ReductionFactor,
        min_early_stopping_rate = MinEarlyStoppingRate,
    };

    private bool IsRung(int epoch)
    {
        long rung = FirstRung();
        while (rung < epoch) rung *= ReductionFactor;
        return rung == epoch;
    }

    // r · eta^s, saturated: a first rung past int.MaxValue is as good as never reached.
    private long FirstRung()
    {
        long rung = MinEpochs;
        for (int i = 0; i < MinEarlyStoppingRate && rung <= int.MaxValue; i++) rung *= ReductionFactor;
        return rung;
    }
}
