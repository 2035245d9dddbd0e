using System.Diagnostics;
using Nas.OneShot;
using Nas.Torch.Data;
using Nas.Torch.Ops;
using Nas.Torch.Runtime;
using Nas.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// A differentiable search over the DARTS cell space, one epoch at a time, that can be saved after any epoch
/// and resumed from there in a new process with exactly the results of an unbroken run. DARTS splits the
/// training set in halves: the weights learn on the first, alpha on the second (one batch of each per step,
/// alpha first). SNAS updates weights and alpha together on each batch of the whole training set, through a
/// Gumbel-softmax sample, with the resource penalty added to the loss (see <see cref="OneShotSearchMethod"/>).
/// </summary>
/// <remarks>
/// The supernet, alpha and the optimisers' state live from construction to disposal, detached from
/// every dispose scope; every batch and every epoch runs in its own scope, so only plain numbers come
/// out. The epochs draw from the search's own copy of torch's global generator (seeded at construction, as
/// before), so what the caller does between epochs does not change them. A checkpoint holds every module's
/// weights and buffers, alpha, every optimiser's state, which parameters have a gradient, every generator's
/// state and the epochs so far; batch orders follow from the seed and the epoch. Not thread-safe: one call at a time.
/// </remarks>
public sealed class OneShotRunner : CheckpointedRun<OneShotEpoch>
{
    private const string SupernetFile = "supernet.bin";
    private const string AlphaFile = "alpha.bin";
    private const string WeightsOptimizerFile = "weights-optimizer.bin";

    private readonly ImageDataset _validation;
    private readonly Supernet _network = null!;
    // oneDNN admitted for the supernet while the runner lives (CpuKernels.AdmitOneDnnFor); null before.
    private readonly OneDnnAdmission? _kernels;
    private readonly ArchitectureWeights _alpha = null!;
    private readonly MomentumSgd _weights = null!;
    private readonly OneShotSearchMethod _method = null!;
    private readonly CosineSchedule _schedule;
    private readonly int _batches;

    /// <summary>Why a device other than the CPU is refused: the words after the device's name.</summary>
    internal const string CpuOnly = "must be cpu: one-shot searches run on the CPU only for now";

    /// <summary>
    /// Builds the supernet, alpha and the optimisers, seeded by <see cref="OneShotOptions.Seed"/> (torch's global
    /// generator is seeded here, and the supernet's initial weights drawn from it).
    /// </summary>
    /// <param name="options">The search's settings; checked first (<see cref="ArgumentOutOfRangeException"/> naming the property at fault; <see cref="ArgumentException"/> for a device other than the CPU).</param>
    /// <param name="train">The training split (weights and alpha learn on it); the caller keeps owning it.</param>
    /// <param name="validation">The validation split, measured after every epoch; the caller keeps owning it.</param>
    public OneShotRunner(OneShotOptions options, ImageDataset train, ImageDataset validation) : base("runner")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        Options = options.Validated();
        var o = Options;
        if (o.Device.type != DeviceType.CPU)
            throw new ArgumentException($"{nameof(options.Device)} {CpuOnly}", nameof(options));
        _validation = validation;
        _schedule = new CosineSchedule(o.LearningRate, o.MinLearningRate, o.Epochs);
        try
        {
            // What construction leaves in this scope is freed at its end; what the search keeps is detached from it.
            using var scope = NewDisposeScope();
            manual_seed(o.Seed);
            _network = new Supernet(OpRegistry.Darts, o.Channels, o.Layers, train.Classes, train.Channels, o.Nodes, o.Multiplier, o.StemMultiplier);
            _network.to(o.Device);
            foreach (var p in _network.parameters()) p.DetachFromDisposeScope();
            foreach (var b in _network.buffers()) b.DetachFromDisposeScope();
            _alpha = new ArchitectureWeights(_network.EdgeCount, _network.Registry.Names.Length, o.Seed);
            _weights = new MomentumSgd(_network.parameters(), o.Momentum, o.WeightDecay);
            _method = OneShotSearchMethod.Create(o, _network, _alpha, _weights, train);
            _batches = o.MaxBatchesPerEpoch is { } cap ? Math.Min(_method.BatchCount, cap) : _method.BatchCount;
            RandomStream = new GlobalRandomStream();
            // Every op of every edge runs in each forward pass (MixedOp), so one pass with any op weights meets every
            // convolution the search will run; those oneDNN gets wrong here run on libtorch's own kernels.
            _kernels = CpuKernels.AdmitOneDnnFor(_network, x =>
            {
                var uniform = ones(_network.EdgeCount, _network.Registry.Names.Length);
                return _network.call(x, uniform, uniform);
            }, [train.Channels, train.Height, train.Width]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The settings in effect (validated).</summary>
    public OneShotOptions Options { get; }

    /// <summary>The supernet (its weights, for tests and inspection).</summary>
    public Supernet Network => _network;

    /// <summary>Alpha (for tests and inspection).</summary>
    public ArchitectureWeights Alpha => _alpha;

    /// <summary>
    /// Runs the next epoch and returns its record (also appended to <see cref="CheckpointedRun{TEpoch}.Completed"/>).
    /// Progress is reported every 10 batches and at the end, the last report carrying the record. Throws
    /// <see cref="Training.TrainingDivergedException"/> on a non-finite loss. An epoch that throws (cancelled,
    /// diverged) leaves the runner unusable: resume from the last checkpoint in a new runner.
    /// </summary>
    /// <param name="progress">Gets the epoch's batches as they run; null for none.</param>
    /// <param name="cancellationToken">Stops the epoch (<see cref="OperationCanceledException"/>).</param>
    public OneShotEpoch RunEpoch(IProgress<OneShotProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var record = RunNext(epoch => Epoch(epoch, progress, cancellationToken));
        progress?.Report(new OneShotProgress(record.Epoch, Options.Epochs, _batches, _batches, record.TrainLoss, record.TrainAccuracy, record));
        return record;
    }

    /// <summary>
    /// Runs a whole search: every epoch, no checkpoint. Progress as <see cref="RunEpoch"/> reports it.
    /// </summary>
    /// <param name="options">The search's settings.</param>
    /// <param name="train">The training split.</param>
    /// <param name="validation">The validation split.</param>
    /// <param name="progress">Gets every batch report; null for none.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    public static IReadOnlyList<OneShotEpoch> Run(OneShotOptions options, ImageDataset train, ImageDataset validation,
        IProgress<OneShotProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var runner = new OneShotRunner(options, train, validation);
        while (!runner.Finished) runner.RunEpoch(progress, cancellationToken);
        return runner.Completed.ToArray();
    }

    private protected override int Epochs => Options.Epochs;

    private protected override IReadOnlyList<Parameter> SteppedParameters() => _weights.Parameters.Concat(_alpha.Parameters).ToArray();

    private protected override IEnumerable<string> Files => new[] { SupernetFile, AlphaFile, WeightsOptimizerFile }.Concat(_method.Files);

    private protected override void Write(CheckpointWriter writer, string fingerprint)
    {
        writer.State(_method.Kind, fingerprint, new OneShotCheckpointState(Completed.Select(OneShotEpochJson.From).ToArray()));
        writer.Module(SupernetFile, _network);
        writer.Tensors(AlphaFile, _alpha.Parameters);
        writer.Binary(WeightsOptimizerFile, _weights.SaveState);
        _method.Save(writer);
    }

    private protected override (IReadOnlyList<OneShotEpoch> Epochs, Action Load) Read(CheckpointReader reader, string fingerprint)
    {
        var state = reader.State<OneShotCheckpointState>(_method.Kind, fingerprint);
        return (ReadEpochs(reader, state.Epochs, e => e.ToEpoch(), e => e.Epoch), () =>
        {
            reader.Module(SupernetFile, _network);
            reader.Tensors(AlphaFile, _alpha.Parameters);
            reader.Binary(WeightsOptimizerFile, _weights.LoadState);
            _method.Restore(reader);
        });
    }

    // One epoch with the search's random stream swapped in; every tensor it makes is freed at its end.
    private OneShotEpoch Epoch(int epoch, IProgress<OneShotProgress>? progress, CancellationToken cancellationToken)
    {
        var o = Options;
        using var epochScope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        double lr = _schedule.Rate(epoch);
        double temperature = _method.Temperature(epoch);
        _network.train();
        double lossSum = 0;
        long correct = 0, seen = 0;
        int b = 0;
        // Each batch is taken before its scope: the iterator's own tensors outlive the batch.
        foreach (var batch in _method.Batches(epoch).Take(_batches))
        {
            using var owned = batch;
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (logits, loss) = _method.Step(batch, lr, temperature);
            double lossValue = loss.item<float>();
            if (!double.IsFinite(lossValue))
                throw new TrainingDivergedException($"search diverged: loss is {lossValue} at epoch {epoch + 1}, batch {b + 1}");
            long n = logits.shape[0];
            seen += n;
            lossSum += lossValue * n;
            correct += logits.argmax(1).eq(batch.Weights.Labels).sum().item<long>();
            b++;
            if (progress is not null && (b % 10 == 0 || b == _batches))
                progress.Report(new OneShotProgress(epoch + 1, o.Epochs, b, _batches, lossSum / seen, (double)correct / seen));
        }

        double stepSeconds = clock.Elapsed.TotalSeconds;
        var pn = ArchitectureWeights.Probabilities(_alpha.Normal);
        var pr = ArchitectureWeights.Probabilities(_alpha.Reduce);
        OneShotDerivation derived;
        (double Loss, double Accuracy) val;
        using (var evaluation = NewDisposeScope())
        {
            derived = _method.Derive(pn, pr);
            val = Evaluate(derived.NormalWeights, derived.ReduceWeights);
        }
        return new OneShotEpoch
        {
            Epoch = epoch + 1,
            Seconds = clock.Elapsed.TotalSeconds,
            StepSeconds = stepSeconds,
            LearningRate = lr,
            Temperature = temperature,
            TrainLoss = lossSum / seen,
            TrainAccuracy = (double)correct / seen,
            ValidationLoss = val.Loss,
            ValidationAccuracy = val.Accuracy,
            NormalProbabilities = pn,
            ReduceProbabilities = pr,
            Entropy = ArchitectureDistribution.Entropy(pn, pr),
            Genotype = derived.Genotype,
            Child = derived.Child,
            ExpectedCost = derived.ExpectedCost,
        };
    }

    private (double Loss, double Accuracy) Evaluate(Tensor normalWeights, Tensor reduceWeights)
    {
        using var outer = NewDisposeScope();
        _network.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0;
        var batches = new BatchIterator(_validation, Options.EvaluationBatchSize, shuffle: false);
        foreach (var batch in batches.Epoch(0))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var x = batch.Images.to(Options.Device);
            var y = batch.Labels.to(Options.Device);
            var logits = _network.call(x, normalWeights, reduceWeights);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(y).sum().item<long>();
        }
        _network.train();
        return (lossSum / _validation.Count, (double)correct / _validation.Count);
    }

    // The supernet, alpha and the optimisers' state.
    private protected override void Free()
    {
        _kernels?.Dispose();
        _method?.Dispose();
        _weights?.Dispose();
        _alpha?.Dispose();
        _network?.Dispose();
    }
}
