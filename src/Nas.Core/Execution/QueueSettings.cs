namespace Nas.Execution;

/// <summary>
/// How the coordinator and workers share the trial queue. A worker renews its lease every
/// <see cref="Heartbeat"/>; a trial whose lease runs out (its worker died or hung) goes back to the queue,
/// at most <see cref="MaxAttempts"/> claims in all, then it fails.
/// </summary>
public sealed record QueueSettings
{
    /// <summary>How long a claimed trial stays a worker's without a heartbeat (default 60 s); then it goes back to the queue.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a worker renews its lease (default 10 s); positive and shorter than <see cref="Lease"/>.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Claims of one trial before it fails (default 3, at least 1).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How often an idle worker or the coordinator looks at the store when nothing woke it.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    public QueueSettings Validated()
    {
        if (Lease <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Lease), Lease, "must be positive");
        if (Heartbeat <= TimeSpan.Zero || Heartbeat >= Lease)
            throw new ArgumentOutOfRangeException(nameof(Heartbeat), Heartbeat, $"must be positive and shorter than {nameof(Lease)} ({Lease.TotalSeconds:0.#} s)");
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "must be at least 1");
        if (Poll <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Poll), Poll, "must be positive");
        return this;
    }
}
