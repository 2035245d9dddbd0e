using System.Diagnostics;
using Nas.Evaluation;
using Nas.Torch.Data;
using Nas.Torch.OneShot;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// Trains a classifier: SGD with momentum (optionally Nesterov's), a cosine (per epoch, or per step after a
/// warm-up) or one-cycle learning rate (<see cref="TrainingSchedule"/>), weight decay, gradient-norm clipping,
/// label smoothing, seeded shuffling and augmentation, an exponential moving average of the weights
/// (<see cref="WeightAverage"/>), an auxiliary-head loss and a linear drop-path ramp for networks that have them;
/// validation accuracy after every epoch (of the averaged weights when averaging, with test-time flips when asked).
/// Every batch runs in its own dispose scope, so memory stays flat however long the run.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingOptions _options;

    /// <param name="options">The recipe; checked (<see cref="ArgumentOutOfRangeException"/> naming the property).</param>
    public Trainer(TrainingOptions options) => _options = options.Validated();

    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="train"/>; evaluates on <paramref name="validation"/>
    /// after each epoch when given. With <see cref="TrainingOptions.EmaDecay"/> the model holds the averaged weights
    /// when it returns (not when it is cancelled). Throws <see cref="TrainingDivergedException"/> on a NaN or infinite loss.
    /// </summary>
    /// <param name="model">The network; moved to the recipe's device. A positive auxiliary weight or drop path needs a cell network (<see cref="ArgumentException"/> otherwise).</param>
    /// <param name="train">The examples it learns on, shuffled every epoch by the recipe's seed.</param>
    /// <param name="validation">Measured after every epoch; null for none.</param>
    /// <param name="progress">Gets every tenth batch and each epoch as it ends; null for none.</param>
    /// <param name="cancellationToken">Stops the training between batches (<see cref="OperationCanceledException"/>).</param>
    /// <param name="checkpoint">Saved after every epoch when given; a run it holds is continued from its last epoch (and its re-planned epochs).</param>
    /// <param name="replan">Asked after every epoch how many epochs the run has in all (see <see cref="EpochReplan"/>); null: the recipe's.</param>
    /// <param name="replicate">Builds another copy of <paramref name="model"/>'s network (any weights: they are overwritten); needed
    /// when <see cref="TrainingOptions.Replicas"/> is above 1 (<see cref="ArgumentException"/> otherwise). The copies are disposed here.</param>
    /// <param name="limit">Wall time the run may take before its last validation: once passed, training stops between
    /// batches (after at least one), the epoch under way ends there and is measured, and the result is
    /// <see cref="TrainingResult.Stopped"/>. Null: no limit.</param>
    public TrainingResult Train(nn.Module<Tensor, Tensor> model, ImageDataset train, ImageDataset? validation,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, TrainingCheckpoint? checkpoint = null,
        EpochReplan? replan = null, Func<nn.Module<Tensor, Tensor>>? replicate = null, TimeSpan? limit = null)
    {
        if (limit is { } l) ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(l, TimeSpan.Zero, nameof(limit));
        var o = _options;
        if (o.Replicas > 1 && replicate is null)
            throw new ArgumentException($"{nameof(TrainingOptions.Replicas)} {o.Replicas} needs a way to build the copies", nameof(replicate));
        var copies = o.Replicas > 1 ? new List<nn.Module<Tensor, Tensor>> { model } : null;
        try
        {
            for (int k = 1; k < o.Replicas; k++) copies!.Add(replicate!());
            return Train(model, copies, train, validation, progress, cancellationToken, checkpoint, replan, limit);
        }
        finally
        {
            if (copies is not null) foreach (var copy in copies.Skip(1)) copy.Dispose();
        }
    }

    private TrainingResult Train(nn.Module<Tensor, Tensor> model, List<nn.Module<Tensor, Tensor>>? copies, ImageDataset train, ImageDataset? validation,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, TrainingCheckpoint? checkpoint, EpochReplan? replan, TimeSpan? limit)
    {
        var o = _options;
        Runtime.TorchRuntime.UseThreadsHere();
        var auxiliary = o.AuxiliaryWeight > 0 ? model as IAuxiliaryClassifier : null;
        if (o.AuxiliaryWeight > 0 && auxiliary is not { HasAuxiliaryHead: true })
            throw new ArgumentException($"{nameof(TrainingOptions.AuxiliaryWeight)} needs a network with an auxiliary head (a cell network)", nameof(model));
        var dropPath = o.DropPath > 0 ? model as IDropPathNetwork : null;
        if (o.DropPath > 0 && dropPath is null)
            throw new ArgumentException($"{nameof(TrainingOptions.DropPath)} needs a network with drop-path (a cell network)", nameof(model));
        var device = o.Device;
        model.to(device);
        if (copies is not null)
        {
            foreach (var copy in copies) copy.to(device);
            if (copies.Skip(1).FirstOrDefault(c => !SameShapes(model, c)) is not null)
                throw new ArgumentException("the replicas must be copies of the network being trained", "replicate");
        }
        // libtorch's own convolutions (oneDNN off) unfold a whole batch into one buffer: sliced where it would outgrow a
        // worker thread's malloc heap.
        using var slicing = Runtime.ConvolutionSlicing.WhereOwnKernels(copies ?? [model], device);
        // TorchSharp's SGD update with Scalars held (MomentumSgd): its own SGD makes temporary
        // ones that the GC can free while libtorch reads them.
        using var optimizer = new MomentumSgd(model.parameters(), o.Momentum, o.WeightDecay, o.Nesterov);
        using var average = o.EmaDecay > 0 ? new WeightAverage(model, o.EmaDecay) : null;
        using var auxiliaryWeight = o.AuxiliaryWeight.ToScalar();
        var batches = new BatchIterator(train, o.BatchSize, shuffle: true, seed: o.Seed);
        double planned = o.Epochs;
        var augmentation = new Augmentation(o.CropPadding, o.HorizontalFlip, o.Cutout);
        using var augmentationRandom = new Generator((ulong)o.Seed + 7919);
        var epochs = new List<EpochMetrics>();
        var total = Stopwatch.StartNew();
        int batchCount = batches.BatchCount;
        if (checkpoint is { Exists: true })
        {
            var (done, savedPlan) = checkpoint.Restore(model, optimizer, average, augmentationRandom);
            epochs.AddRange(done);
            planned = savedPlan ?? planned;
        }
        double earlierSeconds = epochs.Sum(e => e.Seconds);
        // The schedule spans the epochs planned now: a re-plan after the first epoch of a per-epoch cosine changes no
        // rate already used (epoch 0 trains at the peak whatever the total).
        var schedule = new TrainingSchedule(o with { Epochs = WholeEpochs(planned) }, batches.BatchCount);

        bool stopped = false;
        long trained = 0;
        bool Passed() => limit is { } l && total.Elapsed >= l;
        for (int epoch = epochs.Count + 1; epoch <= WholeEpochs(planned); epoch++)
        {
            if (trained > 0 && Passed()) { stopped = true; break; }
            model.train();
            if (dropPath is not null) dropPath.DropPathProbability = o.DropPath * (epoch - 1) / WholeEpochs(planned);
            int epochBatches = BatchesOf(epoch, planned, batchCount);
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0, seen = 0;
            int b = 0;
            if (copies is not null) CopyWeights(model, copies, buffers: true); // after a restore, and each epoch: cheap
            using var threads = copies is null ? null : new ReplicaThreads(copies.Count);
            // Take: a re-planned last epoch may be a part of one (the iterator makes no batch beyond it).
            foreach (var batch in batches.Epoch(epoch).Take(epochBatches))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (b > 0 && Passed())
                {
                    batch.Dispose();
                    stopped = true;
                    break;
                }
                using var scope = NewDisposeScope();
                using var owned = batch;
                var (images, labels) = batch;
                var x = (augmentation.IsNone ? images : augmentation.Apply(images, augmentationRandom)).to(device);
                var y = labels.to(device);
                optimizer.ZeroGrad();
                long n = y.shape[0];
                double lossValue;
                long batchCorrect;
                Tensor? logits = null, loss = null;
                if (copies is null)
                {
                    (logits, loss) = Loss(model, x, y, auxiliaryWeight);
                    lossValue = loss.item<float>();
                    batchCorrect = 0;
                }
                else (lossValue, batchCorrect) = ReplicaStep(copies, threads!, x, y, auxiliaryWeight);
                if (!double.IsFinite(lossValue))
                    throw new TrainingDivergedException($"training diverged: loss is {lossValue} at epoch {epoch}, batch {b + 1}");
                if (loss is not null)
                {
                    loss.backward();
                    batchCorrect = logits!.argmax(1).eq(y).sum().item<long>();
                }
                if (o.GradientClip > 0) nn.utils.clip_grad_norm_(model.parameters(), o.GradientClip);
                optimizer.Step(schedule.Rate(epoch - 1, b));
                average?.Update();
                if (copies is not null) CopyWeights(model, copies, buffers: false);

                seen += n;
                trained += n;
                lossSum += lossValue * n;
                correct += batchCorrect;
                b++;
                if (progress is not null && (b % 10 == 0 || b == epochBatches))
                    progress.Report(new TrainingProgress(epoch, WholeEpochs(planned), b, epochBatches, lossSum / seen, (double)correct / seen, seen / clock.Elapsed.TotalSeconds));
            }
            double trainSeconds = clock.Elapsed.TotalSeconds;
            var val = validation is null ? null : EvaluateAveraged(model, average, validation);
            var metrics = new EpochMetrics(epoch, lossSum / seen, (double)correct / seen,
                val?.Loss ?? double.NaN, val?.Accuracy ?? double.NaN, clock.Elapsed.TotalSeconds, seen / trainSeconds);
            epochs.Add(metrics);
            if (stopped) epochBatches = b; // the epoch ended at the limit
            if (replan is not null && !stopped && epoch < WholeEpochs(planned)) // after the plan's last epoch the run is over
            {
                double replanned = Math.Max(epoch, replan(epochs, planned));
                if (!double.IsFinite(replanned)) throw new InvalidOperationException($"the re-plan after epoch {epoch} gave {replanned} epochs");
                if (WholeEpochs(replanned) != WholeEpochs(planned)) schedule = new TrainingSchedule(o with { Epochs = WholeEpochs(replanned) }, batches.BatchCount);
                planned = replanned;
            }
            checkpoint?.Save(model, optimizer, average, augmentationRandom, epochs, planned);
            progress?.Report(new TrainingProgress(epoch, WholeEpochs(planned), epochBatches, epochBatches, metrics.TrainLoss, metrics.TrainAccuracy, metrics.ImagesPerSecond, metrics));
            if (stopped) break;
        }
        average?.CopyToModel(); // whoever evaluates or saves the model gets the averaged weights
        return new TrainingResult(epochs, earlierSeconds + total.Elapsed.TotalSeconds) { Stopped = stopped, Images = trained };
    }

    // The training loss of one network on a batch (with its auxiliary head's, weighted, when the recipe has one).
    private (Tensor Logits, Tensor Loss) Loss(nn.Module<Tensor, Tensor> network, Tensor x, Tensor y, Scalar auxiliaryWeight)
    {
        var o = _options;
        if (o.AuxiliaryWeight > 0 && network is IAuxiliaryClassifier auxiliary)
        {
            var (logits, auxiliaryLogits) = auxiliary.ForwardWithAuxiliary(x);
            var loss = nn.functional.cross_entropy(logits, y, label_smoothing: o.LabelSmoothing);
            if (auxiliaryLogits is not null) loss = loss.add(nn.functional.cross_entropy(auxiliaryLogits, y, label_smoothing: o.LabelSmoothing).mul(auxiliaryWeight), Runtime.HeldScalars.One);
            return (logits, loss);
        }
        var plain = network.call(x);
        return (plain, nn.functional.cross_entropy(plain, y, label_smoothing: o.LabelSmoothing));
    }

    /// <summary>
    /// One batch over the replicas: each takes its share of the batch on its own thread, its loss weighted by its share
    /// of the images, so the summed gradients are those of the whole batch's mean loss (batch norm excepted: each replica
    /// normalises its share). The gradients end summed in the first copy, the trained model. Returns the batch's mean loss
    /// and its correct predictions.
    /// </summary>
    private (double Loss, long Correct) ReplicaStep(List<nn.Module<Tensor, Tensor>> copies, ReplicaThreads threads, Tensor x, Tensor y, Scalar auxiliaryWeight)
    {
        long n = y.shape[0];
        int parts = (int)Math.Min(copies.Count, n);
        var xs = x.tensor_split(parts);
        var ys = y.tensor_split(parts);
        var losses = new double[parts];
        var corrects = new long[parts];
        for (int k = 1; k < parts; k++) copies[k].zero_grad();
        threads.Run(k =>
        {
            if (k >= parts) return;
            using var scope = NewDisposeScope();
            using var share = ((double)ys[k].shape[0] / n).ToScalar();
            var (logits, loss) = Loss(copies[k], xs[k], ys[k], auxiliaryWeight);
            losses[k] = loss.item<float>();
            loss.mul(share).backward();
            corrects[k] = logits.argmax(1).eq(ys[k]).sum().item<long>();
        });
        using (no_grad())
        {
            var first = copies[0].parameters().ToArray();
            for (int k = 1; k < parts; k++)
            {
                int i = 0;
                foreach (var p in copies[k].parameters())
                {
                    if (p.grad is { } g && first[i].grad is { } sum) sum.add_(g, Runtime.HeldScalars.One);
                    i++;
                }
            }
        }
        double mean = 0;
        for (int k = 0; k < parts; k++) mean += losses[k] * ys[k].shape[0] / n;
        return (mean, corrects.Sum());
    }

    // The trained model's weights (and, when asked, its buffers: batch-norm statistics) into every other replica.
    private static void CopyWeights(nn.Module<Tensor, Tensor> model, List<nn.Module<Tensor, Tensor>> copies, bool buffers)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var source = model.parameters().Cast<Tensor>().Concat(buffers ? model.buffers() : []).ToArray();
        foreach (var copy in copies.Skip(1))
        {
            var target = copy.parameters().Cast<Tensor>().Concat(buffers ? copy.buffers() : []).ToArray();
            for (int i = 0; i < source.Length; i++) target[i].copy_(source[i]);
        }
    }

    private static bool SameShapes(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b)
    {
        var x = a.parameters().Cast<Tensor>().Concat(a.buffers()).Select(t => t.shape).ToArray();
        var y = b.parameters().Cast<Tensor>().Concat(b.buffers()).Select(t => t.shape).ToArray();
        return x.Length == y.Length && x.Zip(y).All(p => p.First.SequenceEqual(p.Second));
    }

    // Epochs begun by a plan of this many (4.5: five, the last a half); a hair over a whole number is that number.
    private static int WholeEpochs(double planned) => Math.Max(1, (int)Math.Ceiling(planned - 1e-6));

    // The batches of an epoch: all, but for the part-epoch that ends a fractional plan (at least one batch).
    private static int BatchesOf(int epoch, double planned, int batchCount) =>
        epoch < WholeEpochs(planned) || planned >= epoch - 1e-6 ? batchCount
            : Math.Clamp((int)Math.Round((planned - (epoch - 1)) * batchCount), 1, batchCount);

    /// <summary>Measures the averaged weights when there are any (swapped in and back, exactly), else the model's.</summary>
    private EvaluationResult EvaluateAveraged(nn.Module<Tensor, Tensor> model, WeightAverage? average, ImageDataset data)
    {
        if (average is null) return Measure(model, data);
        average.Swap();
        try { return Measure(model, data); }
        finally { average.Swap(); }
    }

    /// <summary>
    /// Mean cross-entropy and accuracy on a dataset, in eval mode, without gradients. With
    /// <see cref="TrainingOptions.TestTimeFlip"/> the prediction is the mean of the softmax of each image and of its
    /// horizontal mirror, and the loss is the negative log of that mean at the true class.
    /// </summary>
    /// <param name="model">The classifier; left in eval mode.</param>
    /// <param name="data">The examples to measure.</param>
    public EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, ImageDataset data)
    {
        using var slicing = Runtime.ConvolutionSlicing.WhereOwnKernels([model], _options.Device);
        return Measure(model, data);
    }

    // Evaluate's measurement, for a model whose convolutions are sliced already where they need it (in Train).
    private EvaluationResult Measure(nn.Module<Tensor, Tensor> model, ImageDataset data)
    {
        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0;
        var batches = new BatchIterator(data, _options.EvaluationBatchSize, shuffle: false, seed: 0);
        foreach (var batch in batches.Epoch(0))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var (images, labels) = batch;
            var x = images.to(_options.Device);
            var y = labels.to(_options.Device);
            if (_options.TestTimeFlip)
            {
                var probabilities = FlipAveragedProbabilities(model, x);
                lossSum += nn.functional.nll_loss(probabilities.log(), y, reduction: nn.Reduction.Sum).item<float>();
                correct += probabilities.argmax(1).eq(y).sum().item<long>();
            }
            else
            {
                var logits = model.call(x);
                lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
        }
        return new EvaluationResult(lossSum / data.Count, (double)correct / data.Count, data.Count);
    }

    private static readonly Scalar Half = 0.5.ToScalar();

    /// <summary>The mean of softmax(model(x)) and softmax(model(x mirrored left to right)), [B, classes].</summary>
    /// <param name="model">The classifier, in eval mode.</param>
    /// <param name="images">A batch [B, C, H, W].</param>
    public static Tensor FlipAveragedProbabilities(nn.Module<Tensor, Tensor> model, Tensor images)
    {
        var plain = nn.functional.softmax(model.call(images), 1);
        var mirrored = nn.functional.softmax(model.call(images.flip(3)), 1);
        return plain.add(mirrored, Runtime.HeldScalars.One).mul_(Half);
    }
}
