namespace Nas.Torch.Training;

/// <summary>
/// The learning rate of every step of a run, in closed form from the epoch and the batch (so a resumed run computes
/// the same rates). With T = epochs × batches steps and W = round(warm-up fraction × T) warm-up steps, step t (0-based)
/// trains at:
/// <list type="bullet">
/// <item>t &lt; W: the warm-up, linear from peak/25 (torch's <c>OneCycleLR</c> start) towards the peak, <c>peak/25 + (peak − peak/25) t / W</c>;</item>
/// <item><see cref="LearningRateSchedule.Cosine"/> without a warm-up: the epoch's rate of <see cref="CosineSchedule"/>, as always;</item>
/// <item><see cref="LearningRateSchedule.Cosine"/> after a warm-up: <c>min + (peak − min)(1 + cos(π (t − W)/(T − W)))/2</c>;</item>
/// <item><see cref="LearningRateSchedule.OneCycle"/>: <c>peak − (peak − min)(t − W)/(T − W)</c>, so the last step is one step above the minimum.</item>
/// </list>
/// </summary>
public sealed class TrainingSchedule
{
    /// <summary>The warm-up starts at the peak rate divided by this (torch's <c>OneCycleLR</c> <c>div_factor</c>).</summary>
    public const double WarmupDivisor = 25;

    private readonly CosineSchedule _cosine;

    /// <param name="options">The recipe: its rates, schedule, warm-up and epochs.</param>
    /// <param name="batchesPerEpoch">The steps of one epoch; at least 1.</param>
    public TrainingSchedule(TrainingOptions options, int batchesPerEpoch)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchesPerEpoch, 1);
        options.Validated();
        (Kind, Peak, Minimum, Epochs, BatchesPerEpoch) = (options.Schedule, options.LearningRate, options.MinLearningRate, options.Epochs, batchesPerEpoch);
        TotalSteps = (long)Epochs * batchesPerEpoch;
        WarmupSteps = (long)Math.Round(options.WarmupFraction * TotalSteps);
        if (WarmupSteps >= TotalSteps) WarmupSteps = TotalSteps - 1;
        _cosine = new CosineSchedule(Peak, Minimum, Epochs);
    }

    /// <summary>The schedule's shape.</summary>
    public LearningRateSchedule Kind { get; }
    /// <summary>The peak rate.</summary>
    public double Peak { get; }
    /// <summary>The rate the schedule falls to.</summary>
    public double Minimum { get; }
    /// <summary>The epochs of the run.</summary>
    public int Epochs { get; }
    /// <summary>The steps of one epoch.</summary>
    public int BatchesPerEpoch { get; }
    /// <summary>T, all steps of the run.</summary>
    public long TotalSteps { get; }
    /// <summary>W, the warm-up steps (fewer than <see cref="TotalSteps"/>).</summary>
    public long WarmupSteps { get; }

    /// <summary>Whether the rate changes within an epoch (every schedule but the plain per-epoch cosine).</summary>
    public bool PerStep => Kind != LearningRateSchedule.Cosine || WarmupSteps > 0;

    /// <summary>The rate of batch <paramref name="batch"/> of epoch <paramref name="epoch"/>, both 0-based.</summary>
    /// <param name="epoch">The epoch, from 0.</param>
    /// <param name="batch">The batch within it, from 0.</param>
    public double Rate(int epoch, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        if (!PerStep) return _cosine.Rate(epoch);
        long t = Math.Min((long)epoch * BatchesPerEpoch + batch, TotalSteps - 1);
        if (t < WarmupSteps)
        {
            double start = Peak / WarmupDivisor;
            return start + (Peak - start) * t / WarmupSteps;
        }
        double progress = (double)(t - WarmupSteps) / (TotalSteps - WarmupSteps);
        return Kind == LearningRateSchedule.OneCycle
            ? Peak - (Peak - Minimum) * progress
            : Minimum + (Peak - Minimum) * (1 + Math.Cos(Math.PI * progress)) / 2;
    }
}
