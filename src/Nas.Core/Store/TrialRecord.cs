using Nas.Evaluation;
using Nas.Strategies;

namespace Nas.Store;

/// <summary>One trial as stored: its architecture (JSON), status, metrics, timing and error text.</summary>
/// <param name="Id">The trial's number in the store, from 1 in the order proposed.</param>
/// <param name="ProposalId">The strategy's number for the proposal.</param>
/// <param name="ArchitectureJson">The architecture, as <see cref="Architectures.Architecture.ToJson"/> wrote it.</param>
/// <param name="Status">Pending, running, completed, failed or pruned.</param>
/// <param name="Seed">The trial's seed.</param>
/// <param name="ValidationAccuracy">The objective of a completed trial (a pruned one's last epoch), or null.</param>
/// <param name="ValidationLoss">The validation loss with it, or null.</param>
/// <param name="Parameters">The network's parameters, or null.</param>
/// <param name="MultiplyAdds">The network's multiply-adds per example, or null.</param>
/// <param name="TrainingSeconds">Wall time of the evaluation, or null.</param>
/// <param name="StartedAt">When it was enqueued, or claimed last.</param>
/// <param name="FinishedAt">When it ended, or null.</param>
/// <param name="Error">Why it failed or was pruned, or null.</param>
/// <param name="Epochs">Its learning curve so far.</param>
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

    /// <summary>The network's predicted inference latency on the searching machine, in milliseconds for one input, or null when not measured.</summary>
    public double? LatencyMilliseconds { get; init; }
}
