using System.Diagnostics;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>Workers of this machine (named host-pid-index by <see cref="TrialWorker.DefaultName"/>) whose process is gone.</summary>
internal static class LocalWorkers
{
    /// <summary>
    /// Returns to the queue, at once, the running trials of workers of this machine whose process has died (a
    /// killed search), rather than waiting for their leases to run out; returns how many. Workers elsewhere are
    /// left to their leases.
    /// </summary>
    public static int RequeueDead(IExperimentStore store)
    {
        int back = 0;
        foreach (var worker in store.Trials().Where(t => t.Status == TrialStatus.Running && t.Worker is not null).Select(t => t.Worker!).Distinct())
        {
            if (TrialWorker.LocalProcessId(worker) is { } pid && !Alive(pid)) back += store.Requeue(worker);
        }
        return back;
    }

    private static bool Alive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
    }
}
