namespace Nas.Store;

/// <summary>A strategy's saved state under its key, written in the same transaction as the queue change it goes with.</summary>
public sealed record StrategySnapshot(string Key, byte[] State);
