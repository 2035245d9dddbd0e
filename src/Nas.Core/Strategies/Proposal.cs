using Nas.Architectures;

namespace Nas.Strategies;

/// <summary>An architecture proposed by a strategy. <see cref="Id"/> is the strategy's own number for it.</summary>
public sealed record Proposal(long Id, Architecture Architecture);
