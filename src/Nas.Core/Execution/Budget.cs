namespace Nas.Execution;

/// <summary>
/// When a search stops: after <see cref="MaxTrials"/> trials and/or once <see cref="MaxDuration"/> has
/// passed. The time budget stops new trials from starting; a trial already running finishes.
/// </summary>
/// <param name="MaxTrials">Trials to run in all (a resumed search counts those already run); null: no limit on the number.</param>
/// <param name="MaxDuration">Wall time after which no trial starts; null: no time limit. At least one of the two is needed.</param>
public sealed record Budget(int? MaxTrials, TimeSpan? MaxDuration)
{
    /// <summary>A budget of <paramref name="count"/> trials and no time limit.</summary>
    /// <param name="count">Trials in all, at least 1.</param>
    public static Budget Trials(int count) => new(count, null);

    /// <summary>
    /// Checks the budget: <see cref="ArgumentException"/> when it sets no limit at all,
    /// <see cref="ArgumentOutOfRangeException"/> naming the property when a limit is not positive.
    /// </summary>
    public void Validate()
    {
        if (MaxTrials is null && MaxDuration is null)
            throw new ArgumentException($"a search needs a budget: {nameof(MaxTrials)} and/or {nameof(MaxDuration)}", nameof(MaxTrials));
        if (MaxTrials is <= 0) throw new ArgumentOutOfRangeException(nameof(MaxTrials), MaxTrials, "must be positive");
        if (MaxDuration is { } d && d <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MaxDuration), d, "must be positive");
    }
}
