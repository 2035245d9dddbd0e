namespace Nas.Execution;

/// <summary>
/// When a search stops: after <see cref="MaxTrials"/> trials and/or once <see cref="MaxDuration"/> has
/// passed. The time budget stops new trials from starting; a trial already running finishes.
/// </summary>
public sealed record Budget(int? MaxTrials, TimeSpan? MaxDuration)
{
    public static Budget Trials(int count) => new(count, null);

    public void Validate()
    {
        if (MaxTrials is null && MaxDuration is null) throw new NasUserException("the search needs a budget: --trials and/or --time-budget");
        if (MaxTrials is <= 0) throw new NasUserException($"--trials must be positive, got {MaxTrials}");
        if (MaxDuration is { } d && d <= TimeSpan.Zero) throw new NasUserException("--time-budget must be positive");
    }
}
