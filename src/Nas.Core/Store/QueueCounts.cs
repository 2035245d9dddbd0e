namespace Nas.Store;

/// <summary>The trial queue at a glance: every trial, those waiting, those being trained, and those whose result the strategy has not yet heard.</summary>
/// <param name="Total">Every trial in the store.</param>
/// <param name="Pending">Trials waiting to be claimed.</param>
/// <param name="Running">Trials a worker holds.</param>
/// <param name="Untold">Finished trials the strategy has not been told of.</param>
public sealed record QueueCounts(long Total, long Pending, long Running, long Untold);
