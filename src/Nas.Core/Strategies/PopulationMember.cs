using Nas.Architectures;

namespace Nas.Strategies;

/// <summary>An evaluated architecture in an evolving population, with the proposal it came from and its score.</summary>
/// <param name="ProposalId">The proposal the member came from.</param>
/// <param name="Architecture">Its architecture.</param>
/// <param name="Score">Its objective (validation accuracy), higher is better.</param>
public sealed record PopulationMember(long ProposalId, Architecture Architecture, double Score);
