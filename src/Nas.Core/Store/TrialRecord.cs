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
    IReadOnlyList<EpochMetrics> Epochs)
{
    /// <summary>How many times a worker has claimed it (a re-run after a lost worker counts again).</summary>
    public int Attempts { get; init; }

    /// <summary>The worker that holds or last held it.</summary>
    public string? Worker { get; init; }

    /// <summary>Whether the strategy has been told how it ended.</summary>
    public bool Told { get; init; }
}
