using Nas.Architectures;
using Nas.Evaluation;
using Nas.Execution.Pruning;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Execution;

/// <summary>
/// The worker's side of the queue: claim a pending trial, train it under a lease renewed by a heartbeat,
/// record each epoch (and stop early when the pruning rule says so), record how it ended, and loop until
/// the experiment is over. Used by <c>nas worker</c> on any machine and, as threads, by the local search.
/// </summary>
/// <remarks>
/// A worker that loses its lease (a long pause, a network cut) stops the trial and writes nothing more for
/// it: another worker has it by then. A cancelled worker returns its trial to the queue.
/// </remarks>
public sealed class TrialWorker
{
    private readonly IExperimentStore _store;
    private readonly IEvaluator _evaluator;
    private readonly QueueSettings _settings;
    private readonly IPruner _pruner;
    private readonly Func<long, string, Architecture> _resolve;

    /// <param name="name">The worker's name in the store: unique among the experiment's workers (<see cref="DefaultName"/>).</param>
    /// <param name="store">The experiment's store, whose queue it claims from.</param>
    /// <param name="evaluator">Trains or scores each claimed architecture.</param>
    /// <param name="settings">Leases, heartbeats and retries (default: <see cref="QueueSettings"/>'s).</param>
    /// <param name="pruner">Stops unpromising trials after an epoch; null for none.</param>
    /// <param name="resolve">Turns a claimed trial's proposal number and JSON into its architecture (default: read the JSON through the space catalog).</param>
    /// <param name="alone">Whether this worker is the only one evaluating trials in this process (<see cref="TrialContext.Alone"/>).</param>
    public TrialWorker(string name, IExperimentStore store, IEvaluator evaluator, QueueSettings? settings = null, IPruner? pruner = null, Func<long, string, Architecture>? resolve = null, bool alone = false)
    {
        Alone = alone;
        _resolve = resolve ?? ((_, json) => Architecture.FromJson(json));
        Name = name;
        _store = store;
        _evaluator = evaluator;
        _settings = (settings ?? new QueueSettings()).Validated();
        _pruner = pruner ?? new NoPruner();
    }

    /// <summary>The worker's name in the store (host, process, index).</summary>
    public string Name { get; }

    /// <summary>Whether this worker is the only one evaluating trials in this process: its trials' contexts say so.</summary>
    public bool Alone { get; }

    /// <summary>Trials this worker has finished (any outcome).</summary>
    public int Finished { get; private set; }

    /// <summary>A name unique to this process on this machine.</summary>
    /// <param name="index">The worker's index within this process.</param>
    public static string DefaultName(int index = 0) => $"{Environment.MachineName}-{Environment.ProcessId}-{index}";

    /// <summary>The process id in a <see cref="DefaultName"/> made on this machine, or null for any other name.</summary>
    /// <param name="name">A worker's name.</param>
    public static int? LocalProcessId(string name)
    {
        string prefix = Environment.MachineName + "-";
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var parts = name[prefix.Length..].Split('-');
        return parts.Length == 2 && int.TryParse(parts[0], out int pid) && int.TryParse(parts[1], out _) ? pid : null;
    }

    /// <summary>
    /// Works until the experiment's state is finished (or stopped) and nothing is left to claim, or until cancelled.
    /// </summary>
    /// <param name="observer">Hears every trial as it starts and ends and gets its training progress; null for none.</param>
    /// <param name="bell">Wakes the worker when the queue changes in this process; null to poll the store.</param>
    /// <param name="maxTrials">Stop after this many trials (null: no limit).</param>
    /// <param name="cancellationToken">Stops the worker; its running trial goes back to the queue.</param>
    public async Task RunAsync(IExperimentObserver? observer = null, Doorbell? bell = null, int? maxTrials = null, CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested && !(maxTrials is { } max && Finished >= max))
        {
            var signal = bell?.Signal ?? Doorbell.Never;
            var claimed = _store.Claim(Name, _settings.Lease, _settings.MaxAttempts);
            if (claimed is null)
            {
                if (_store.GetValue(ExperimentState.Key) is ExperimentState.Finished or ExperimentState.Stopped) return;
                await Doorbell.WaitAsync(signal, _settings.Poll, cancellationToken).ConfigureAwait(false);
                continue;
            }
            await RunTrialAsync(claimed, observer, cancellationToken).ConfigureAwait(false);
            Finished++;
            bell?.Ring();
        }
    }

    private async Task RunTrialAsync(ClaimedTrial claimed, IExperimentObserver? observer, CancellationToken cancellationToken)
    {
        var architecture = _resolve(claimed.ProposalId, claimed.ArchitectureJson);
        var proposal = new Proposal(claimed.ProposalId, architecture);
        observer?.TrialStarted(claimed.TrialId, proposal);
        using var leaseLost = new CancellationTokenSource();
        using var trialToken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseLost.Token);
        using var heartbeat = new Timer(_ =>
        {
            try { if (!_store.Renew(claimed.TrialId, Name, _settings.Lease)) leaseLost.Cancel(); }
            catch (Exception) { /* a missed beat is retried at the next one; the lease covers several */ }
        }, null, _settings.Heartbeat, _settings.Heartbeat);

        var progress = new RecordingProgress(this, claimed.TrialId, observer?.ProgressFor(claimed.TrialId));
        TrialOutcome outcome;
        try
        {
            var metrics = await _evaluator.EvaluateAsync(architecture, new TrialContext(claimed.TrialId, claimed.Seed, progress) { Alone = Alone }, trialToken.Token).ConfigureAwait(false);
            // A score that is not a number would poison the strategy (a NaN reward, a NaN tournament): the trial failed.
            outcome = double.IsFinite(metrics.ValidationAccuracy) ? TrialOutcome.Completed(metrics)
                : TrialOutcome.Failed($"the evaluator returned a validation accuracy of {metrics.ValidationAccuracy}");
        }
        catch (TrialPrunedException pruned)
        {
            outcome = TrialOutcome.Pruned(pruned.Metrics, pruned.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            heartbeat.Dispose();
            _store.Requeue(Name); // back to the queue for whoever comes next (or a resumed search)
            return;
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            return; // another worker has it now
        }
        catch (Exception e)
        {
            // Native errors (out of memory, say) carry pages of C++ frames after their first line.
            string message = e.Message.Split('\n', 2)[0].Trim();
            outcome = TrialOutcome.Failed(e is NasUserException ? message : $"{e.GetType().Name}: {message}");
        }
        heartbeat.Dispose();
        _store.Finish(claimed.TrialId, Name, outcome);
    }

    /// <summary>Stores each finished epoch as it comes, asks the pruning rule, and passes progress on to the display.</summary>
    private sealed class RecordingProgress(TrialWorker worker, long trialId, IProgress<TrainingProgress>? next) : IProgress<TrainingProgress>
    {
        private readonly List<EpochMetrics> _epochs = new();

        public void Report(TrainingProgress value)
        {
            next?.Report(value);
            if (value.FinishedEpoch is not { } epoch) return;
            worker._store.AddEpoch(trialId, worker.Name, epoch);
            _epochs.Add(epoch);
            if (value.Epoch < value.Epochs && worker._pruner.ShouldPrune(epoch.Epoch, worker._pruner.Judged(_epochs.Select(e => e.ValidationAccuracy).ToArray()),
                    worker._store.EpochValues(epoch.Epoch, trialId)))
                throw new TrialPrunedException(worker._pruner.Name, _epochs.ToArray());
        }
    }
}
