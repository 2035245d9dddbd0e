using Nas.Architectures;

namespace Nas.Strategies;

/// <summary>An evaluated architecture in an evolving population, with the proposal it came from and its score.</summary>
public sealed record PopulationMember(long ProposalId, Architecture Architecture, double Score);
