using Nas.Evaluation;
using Nas.Strategies;

namespace Nas.Store;

/// <summary>One trial as stored: its architecture (JSON), status, metrics, timing and error text.</summary>
public sealed record TrialRecord(
    long Id,
    long ProposalId,
    string ArchitectureJson,
    TrialStatus Status,
    int Seed,
    double? ValidationAccuracy,
    double? ValidationLoss,
    long? Parameters,
    long? MultiplyAdds,
    double? TrainingSeconds,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    IReadOnlyList<EpochMetrics> Epochs);
