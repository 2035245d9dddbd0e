namespace Nas.Store;

/// <summary>A trial a worker has claimed: what to train, with which seed, and which attempt this is (1 for the first).</summary>
/// <param name="TrialId">The trial's number in the store.</param>
/// <param name="ProposalId">The strategy's number for the proposal.</param>
/// <param name="ArchitectureJson">The architecture, as <see cref="Architectures.Architecture.ToJson"/> wrote it.</param>
/// <param name="Seed">The trial's seed.</param>
/// <param name="Attempt">Which claim of the trial this is, from 1.</param>
public sealed record ClaimedTrial(long TrialId, long ProposalId, string ArchitectureJson, int Seed, int Attempt);
