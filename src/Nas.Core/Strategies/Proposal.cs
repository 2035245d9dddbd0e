using Nas.Architectures;

namespace Nas.Strategies;

/// <summary>An architecture proposed by a strategy. <see cref="Id"/> is the strategy's own number for it.</summary>
/// <param name="Id">The strategy's number for the proposal, unique within the strategy.</param>
/// <param name="Architecture">The architecture to evaluate.</param>
public sealed record Proposal(long Id, Architecture Architecture);
