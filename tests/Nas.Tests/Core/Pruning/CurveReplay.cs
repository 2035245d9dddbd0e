using Nas.Execution.Pruning;
using Nas.Strategies;

namespace Nas.Tests.Core.Pruning;

/// <summary>
/// Replays scripted learning curves through a pruner as one worker would run them: trial 1 from its first
/// epoch to its last (or its pruning), then trial 2, and so on. Trial ids are 1-based indices into the curves.
/// </summary>
internal static class CurveReplay
{
    /// <summary>For each trial, the epoch it was pruned at, or null if it ran to the end of its curve.</summary>
    public static int?[] Sequential(IPruner pruner, double[][] curves)
    {
        var seen = new List<(long Id, TrialStatus Status, List<double> Values)>();
        var prunedAt = new int?[curves.Length];
        for (int t = 0; t < curves.Length; t++)
        {
            var values = new List<double>();
            for (int epoch = 1; epoch <= curves[t].Length; epoch++)
            {
                double value = curves[t][epoch - 1];
                values.Add(value);
                var others = seen
                    .Where(s => s.Values.Count >= epoch)
                    .Select(s => new IntermediateValue(s.Id, s.Status, s.Values[epoch - 1]))
                    .ToList();
                if (pruner.ShouldPrune(epoch, pruner.Judged(values), others))
                {
                    prunedAt[t] = epoch;
                    break;
                }
            }
            seen.Add((t + 1, prunedAt[t] is null ? TrialStatus.Completed : TrialStatus.Pruned, values));
        }
        return prunedAt;
    }
}
