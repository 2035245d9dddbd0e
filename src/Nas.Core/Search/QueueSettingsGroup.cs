using Nas.Execution;

namespace Nas.Search;

/// <summary>Group <c>queue</c> of a multi-trial search: leases, retries, and trials kept waiting for remote workers.</summary>
public static class QueueSettingsGroup
{
    /// <summary>The settings.</summary>
    public static SettingGroup Group { get; } = new("queue", "Trial queue", [
        Setting.Duration("lease", TimeSpan.FromSeconds(60), "how long a worker may go silent before its trial goes back to the queue (heartbeats every sixth of it)", advanced: true),
        Setting.Integer("max_attempts", 3, "claims of one trial before it fails (a worker that dies loses its claim)", minimum: 1, advanced: true),
        Setting.Integer("pending", 2, "with no local workers: trials kept waiting for workers beyond those running", minimum: 1, advanced: true),
    ]);

    /// <summary>The queue's timing.</summary>
    /// <param name="values">The <c>queue</c> group as read from a request.</param>
    public static QueueSettings Read(SettingValues values)
    {
        var lease = values.Duration("lease");
        return new QueueSettings { Lease = lease, Heartbeat = lease / 6, MaxAttempts = values.Integer("max_attempts") }.Validated();
    }
}
