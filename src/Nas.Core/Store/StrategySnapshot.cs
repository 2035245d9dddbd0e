namespace Nas.Store;

/// <summary>A strategy's saved state under its key, written in the same transaction as the queue change it goes with.</summary>
/// <param name="Key">The key it is saved under (the strategy's name).</param>
/// <param name="State">The state, as the strategy exported it.</param>
public sealed record StrategySnapshot(string Key, byte[] State);
