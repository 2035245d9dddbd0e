namespace Nas.Store;

/// <summary>The trial queue at a glance: every trial, those waiting, those being trained, and those whose result the strategy has not yet heard.</summary>
public sealed record QueueCounts(long Total, long Pending, long Running, long Untold);
