using Nas.Store;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>Questions asked of a list of stored trials.</summary>
public static class TrialRecords
{
    /// <summary>The completed trial with the highest validation accuracy (the earliest on a tie), or null.</summary>
    /// <param name="trials">Stored trials.</param>
    public static TrialRecord? Best(IEnumerable<TrialRecord> trials) => trials
        .Where(t => t.Status == TrialStatus.Completed && t.ValidationAccuracy is { } v && !double.IsNaN(v))
        .OrderByDescending(t => t.ValidationAccuracy).ThenBy(t => t.Id).FirstOrDefault();
}
