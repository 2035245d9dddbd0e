using Nas.Architectures;
using Nas.Evaluation;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.Runtime;
using Nas.Torch.Statistics;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Torch.Evaluation;

/// <summary>
/// Full-training evaluator: builds the architecture's network from scratch (seeded by the trial),
/// trains it on the search's training split, and reports the last epoch's validation accuracy and
/// loss, the parameter count, multiply-adds and training time. The whole trial runs in one dispose
/// scope and the network is disposed at the end, so live tensors return to where they were. Safe to call
/// from several threads at once (parallel workers); each trial's weights start from its own seed.
/// </summary>
public sealed class TrainingEvaluator : IEvaluator
{
    private readonly ImageDataset _train;
    private readonly ImageDataset _validation;
    private readonly TrainingOptions _options;
    private readonly NetworkCatalog _networks;
    private readonly NetworkOptions _network;

    /// <param name="train">The split children learn on; the caller keeps owning it.</param>
    /// <param name="validation">The split children are scored on; the caller keeps owning it.</param>
    /// <param name="options">The recipe; its seed is replaced by each trial's.</param>
    /// <param name="networks">Builds each architecture's network (default: <see cref="NetworkCatalog.Default"/>).</param>
    /// <param name="network">The size of networks whose size is not in their architecture (cell networks); null: defaults.</param>
    public TrainingEvaluator(ImageDataset train, ImageDataset validation, TrainingOptions options, NetworkCatalog? networks = null, NetworkOptions? network = null)
    {
        _network = network ?? NetworkOptions.Default;
        _train = train;
        _validation = validation;
        _options = options.Validated();
        _networks = networks ?? NetworkCatalog.Default;
    }

    private static readonly object BuildGate = new();

    /// <summary>The shape of the training images and the number of classes: what each network is built for.</summary>
    public InputShape Input => new(_train.Channels, _train.Height, _train.Width, _train.Classes);

    /// <summary>
    /// Predicts each network's inference latency from this table and reports it with the trial's metrics
    /// (<see cref="TrialMetrics.LatencyMilliseconds"/>); null (the default) predicts none.
    /// </summary>
    public Latency.LatencyTable? Latency { get; init; }

    /// <summary>
    /// Parameter reuse: each child starts from the weights of the nearest trained trial kept here, and every completed
    /// trial's weights are kept; null (the default) trains every child from scratch.
    /// </summary>
    public WeightInheritance? Inheritance { get; init; }

    /// <summary>Epochs for a child that inherits weights (null: the recipe's).</summary>
    public int? InheritedEpochs { get; init; }

    private long _inherited;

    /// <summary>How many trials so far started from inherited weights.</summary>
    public long Inherited => Interlocked.Read(ref _inherited);

    // One prediction per architecture: a constraint check and the trial that follows it report the same latency.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, double> _latencies = new();

    /// <summary>
    /// The parameters and multiply-adds (for one input) of the architecture's network, built and freed at once, and its
    /// predicted latency when the evaluator has a <see cref="Latency"/> table (else null).
    /// </summary>
    /// <param name="architecture">The architecture to measure.</param>
    public (long Parameters, long MultiplyAdds, double? LatencyMilliseconds) Measure(Architecture architecture) =>
        // On a thread of its own that ends with it: the coordinator that asks must not keep an OpenMP team beside the
        // one that trains (see CpuKernels.OffThisThread).
        CpuKernels.OffThisThread(() =>
        {
            using var scope = NewDisposeScope();
            nn.Module<Tensor, Tensor> built;
            lock (BuildGate) built = _networks.Build(architecture, Input, _network);
            using var model = built;
            return (ModelStatistics.Count(model).Network, ModelStatistics.MultiplyAdds(model, Input.Example), LatencyOf(architecture, model));
        });

    private double? LatencyOf(Architecture architecture, nn.Module<Tensor, Tensor> model) =>
        Latency is { } table ? _latencies.GetOrAdd(architecture.Key, _ => table.Predict(model, Input).Milliseconds) : null;

    /// <summary>Builds the architecture's network from the trial's seed, counts it, trains it and returns the last epoch's validation accuracy and loss with the whole curve.</summary>
    /// <param name="architecture">The architecture to train.</param>
    /// <param name="context">The trial's seed (its recipe's and the network's) and where to report each epoch.</param>
    /// <param name="cancellationToken">Stops the training (<see cref="OperationCanceledException"/>).</param>
    public Task<TrialMetrics> EvaluateAsync(Architecture architecture, TrialContext context, CancellationToken cancellationToken)
    {
        try { return Evaluate(architecture, context, cancellationToken); }
        catch (Exception e) when (OutOfMemory.TryDescribe(e, out var message)) { throw new NasUserException(message, e); }
    }

    private Task<TrialMetrics> Evaluate(Architecture architecture, TrialContext context, CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        nn.Module<Tensor, Tensor> built;
        // Seeding and building share libtorch's one global generator: parallel trials take turns, so each
        // network starts from its trial's seed whatever runs beside it.
        lock (BuildGate)
        {
            TorchRuntime.Seed(context.Seed);
            built = _networks.Build(architecture, Input, _network);
        }
        using var model = built;
        long parameters = ModelStatistics.Count(model).Network;
        long madds = ModelStatistics.MultiplyAdds(model, Input.Example);
        double? latency = LatencyOf(architecture, model);
        var options = _options with { Seed = context.Seed };
        if (Inheritance?.Nearest(architecture) is { } parent && WeightInheritance.Inherit(parent, model) > 0)
        {
            Interlocked.Increment(ref _inherited);
            if (InheritedEpochs is { } epochs) options = options with { Epochs = epochs };
        }
        var trainer = new Trainer(options);
        TrainingResult result;
        // A trial alone in its process may have oneDNN for its network, as nas train's network has (its convolutions that
        // oneDNN gets wrong here on libtorch's own kernels). Not with a latency table: it times ops on the coordinator's
        // thread while trials train, and would time some with oneDNN and some without.
        using var kernels = context.Alone && Latency is null ? CpuKernels.AdmitOneDnnFor(model, Input.Example) : OneDnnAdmission.Unchanged;
        // Replicas draw their (overwritten) initial weights from the same generator: they take their turn too.
        Func<nn.Module<Tensor, Tensor>>? replicate = _options.Replicas > 1 ? () => { lock (BuildGate) return _networks.Build(architecture, Input, _network); } : null;
        try { result = trainer.Train(model, _train, _validation, context.Progress, cancellationToken, replicate: kernels.Replicating(replicate)); }
        catch (TrialPrunedException pruned) { throw pruned.WithSize(parameters, madds); }
        var last = result.Last;
        if (double.IsFinite(last.ValidationAccuracy)) Inheritance?.Remember(architecture, model, last.ValidationAccuracy);
        return Task.FromResult(new TrialMetrics(last.ValidationAccuracy, last.ValidationLoss, parameters, madds, result.Seconds, result.Epochs)
        {
            LatencyMilliseconds = latency,
        });
    }
}
