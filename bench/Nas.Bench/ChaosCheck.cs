using Nas.Execution;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Bench;

/// <summary>
/// What must hold in the store after a chaos run (issue #8): every trial of the budget is there exactly once,
/// none is left waiting or running, the strategy heard every result, and the experiment says it finished.
/// Prints one line per check and the outcome counts; returns whether every check held.
/// </summary>
internal static class ChaosCheck
{
    public static bool Run(IExperimentStore store, int expectedTrials, int epochs, int? coordinatorExit)
    {
        var trials = store.Trials();
        var counts = store.Counts();
        string? state = store.GetValue(ExperimentState.Key);
        bool all = true;
        void Check(bool ok, string what)
        {
            all &= ok;
            Console.WriteLine($"  [{(ok ? "ok" : "FAIL")}] {what}");
        }

        Console.WriteLine($"invariants ({store.Location}):");
        Check(trials.Count == expectedTrials, $"trials: {trials.Count} (expected {expectedTrials})");
        int distinct = trials.Select(t => t.ProposalId).Distinct().Count();
        Check(distinct == trials.Count, $"no proposal enqueued twice: {distinct} distinct proposal ids in {trials.Count} trials");
        Check(counts.Pending == 0 && counts.Running == 0, $"none waiting or running: {counts.Pending} pending, {counts.Running} running");
        int told = trials.Count(t => t.Told);
        Check(told == trials.Count && counts.Untold == 0, $"every result told to the strategy: {told} of {trials.Count}");
        Check(state == ExperimentState.Finished, $"experiment state: {state ?? "(none)"}");
        Check(coordinatorExit == 0, $"coordinator's last exit code: {coordinatorExit?.ToString() ?? "(never exited)"}");
        // A re-claimed trial starts its learning curve afresh; a lost worker may not add to it.
        var badCurves = trials.Where(t => t.Status == TrialStatus.Completed && t.Epochs.Count != epochs).Select(t => t.Id).ToList();
        Check(badCurves.Count == 0, $"every completed trial has exactly {epochs} epochs recorded" + (badCurves.Count > 0 ? $" (not: {string.Join(", ", badCurves)})" : ""));

        int completed = trials.Count(t => t.Status == TrialStatus.Completed);
        int failed = trials.Count(t => t.Status == TrialStatus.Failed);
        int pruned = trials.Count(t => t.Status == TrialStatus.Pruned);
        Console.WriteLine($"  outcomes: {completed} completed, {failed} failed, {pruned} pruned");
        var again = trials.Where(t => t.Attempts > 1).ToList();
        Console.WriteLine($"  re-claimed after a lost worker: {again.Count} trial(s)" + (again.Count > 0
            ? $" ({string.Join(", ", again.Select(t => $"#{t.Id}: {t.Attempts} attempts, {t.Status.ToString().ToLowerInvariant()}"))})" : ""));
        foreach (var error in trials.Where(t => t.Status == TrialStatus.Failed).GroupBy(t => t.Error ?? "(no error text)"))
            Console.WriteLine($"  failed x{error.Count()}: {error.Key}");
        return all;
    }
}
