namespace Nas.Store;

/// <summary>A trial a worker has claimed: what to train, with which seed, and which attempt this is (1 for the first).</summary>
public sealed record ClaimedTrial(long TrialId, long ProposalId, string ArchitectureJson, int Seed, int Attempt);
