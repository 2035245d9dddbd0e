namespace Nas.Execution;

/// <summary>
/// How the coordinator and workers share the trial queue. A worker renews its lease every
/// <see cref="Heartbeat"/>; a trial whose lease runs out (its worker died or hung) goes back to the queue,
/// at most <see cref="MaxAttempts"/> claims in all, then it fails.
/// </summary>
public sealed record QueueSettings
{
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(10);
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How often an idle worker or the coordinator looks at the store when nothing woke it.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    public QueueSettings Validated()
    {
        if (Lease <= TimeSpan.Zero) throw new NasUserException("--lease must be positive");
        if (Heartbeat <= TimeSpan.Zero || Heartbeat >= Lease) throw new NasUserException($"--heartbeat must be positive and shorter than the lease ({Lease.TotalSeconds:0.#}s)");
        if (MaxAttempts < 1) throw new NasUserException($"--max-attempts must be at least 1, got {MaxAttempts}");
        if (Poll <= TimeSpan.Zero) throw new NasUserException("the poll interval must be positive");
        return this;
    }
}
