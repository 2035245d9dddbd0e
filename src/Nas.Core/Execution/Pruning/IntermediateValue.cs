using Nas.Strategies;

namespace Nas.Execution.Pruning;

/// <summary>
/// Another trial's validation accuracy (higher is better) at one epoch, as a pruner compares against it.
/// </summary>
/// <param name="TrialId">The store's id of that trial.</param>
/// <param name="Status">That trial's status now (completed, pruned, running, failed).</param>
/// <param name="Value">Its validation accuracy at the epoch in question.</param>
public sealed record IntermediateValue(long TrialId, TrialStatus Status, double Value);
