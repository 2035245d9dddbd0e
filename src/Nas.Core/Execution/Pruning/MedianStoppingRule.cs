namespace Nas.Execution.Pruning;

/// <summary>
/// The median stopping rule (Golovin et al. 2017) as Optuna's <c>MedianPruner</c> applies it: a trial stops
/// at an epoch when its best accuracy so far (<see cref="Judged"/>: the largest value of its curve, NaN ignored)
/// is below the median of the completed trials' accuracies at that epoch. A one-epoch dip of a trial that was
/// doing well therefore does not stop it.
/// </summary>
public sealed class MedianStoppingRule : IPruner
{
    /// <summary>Default of <see cref="StartupTrials"/>, as in Optuna.</summary>
    public const int DefaultStartupTrials = 5;

    /// <summary>Default of <see cref="WarmupEpochs"/>: the first epoch says little about a network.</summary>
    public const int DefaultWarmupEpochs = 1;

    /// <summary>Builds the rule; throws <see cref="ArgumentOutOfRangeException"/> for a negative option.</summary>
    /// <param name="startupTrials"><see cref="StartupTrials"/>, zero or more (default 5).</param>
    /// <param name="warmupEpochs"><see cref="WarmupEpochs"/>, zero or more (default 1).</param>
    public MedianStoppingRule(int startupTrials = DefaultStartupTrials, int warmupEpochs = DefaultWarmupEpochs)
    {
        if (startupTrials < 0) throw new ArgumentOutOfRangeException(nameof(startupTrials), startupTrials, "must be zero or more");
        if (warmupEpochs < 0) throw new ArgumentOutOfRangeException(nameof(warmupEpochs), warmupEpochs, "must be zero or more");
        StartupTrials = startupTrials;
        WarmupEpochs = warmupEpochs;
    }

    /// <summary>No pruning at an epoch until at least this many completed other trials have a value there.</summary>
    public int StartupTrials { get; }

    /// <summary>No pruning at epochs up to and including this one.</summary>
    public int WarmupEpochs { get; }

    /// <inheritdoc />
    public string Name => "median";

    /// <inheritdoc />
    public bool ShouldPrune(int epoch, double value, IReadOnlyList<IntermediateValue> others)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        if (epoch <= WarmupEpochs) return false;
        // Only finished curves are a fair reference: running trials are still moving, pruned and failed
        // ones were stopped for being bad. NaN values are skipped, as numpy's nanpercentile does.
        var completed = others
            .Where(o => o.Status == Strategies.TrialStatus.Completed && !double.IsNaN(o.Value))
            .Select(o => o.Value)
            .ToList();
        // At least one reference is needed whatever StartupTrials says (Optuna's n_min_trials = 1).
        if (completed.Count < Math.Max(StartupTrials, 1)) return false;
        if (double.IsNaN(value)) return true;
        return value < Median(completed);
    }

    /// <summary>The best value so far, ignoring NaN (numpy's nanmax, as Optuna); NaN when every value is NaN.</summary>
    /// <param name="curve">The trial's validation accuracies, epoch 1 first.</param>
    public double Judged(IReadOnlyList<double> curve)
    {
        var finite = curve.Where(v => !double.IsNaN(v)).ToList();
        return finite.Count == 0 ? double.NaN : finite.Max();
    }

    /// <inheritdoc />
    public object Describe() => new { startup_trials = StartupTrials, warmup_epochs = WarmupEpochs };

    // The 50th percentile with linear interpolation: the mean of the two middle values for an even count.
    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
