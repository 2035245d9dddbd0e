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
    public TrainingResult Train(nn.Module<Tensor, Tensor> model, ImageDataset train, ImageDataset? validation,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, TrainingCheckpoint? checkpoint = null,
        EpochReplan? replan = null)
    {
        var o = _options;
        var auxiliary = o.AuxiliaryWeight > 0 ? model as IAuxiliaryClassifier : null;
        if (o.AuxiliaryWeight > 0 && auxiliary is not { HasAuxiliaryHead: true })
            throw new ArgumentException($"{nameof(TrainingOptions.AuxiliaryWeight)} needs a network with an auxiliary head (a cell network)", nameof(model));
        var dropPath = o.DropPath > 0 ? model as IDropPathNetwork : null;
        if (o.DropPath > 0 && dropPath is null)
            throw new ArgumentException($"{nameof(TrainingOptions.DropPath)} needs a network with drop-path (a cell network)", nameof(model));
        var device = o.Device;
        model.to(device);
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

        for (int epoch = epochs.Count + 1; epoch <= WholeEpochs(planned); epoch++)
        {
            model.train();
            if (dropPath is not null) dropPath.DropPathProbability = o.DropPath * (epoch - 1) / WholeEpochs(planned);
            int epochBatches = BatchesOf(epoch, planned, batchCount);
            var clock = Stopwatch.StartNew();
            double lossSum = 0;
            long correct = 0, seen = 0;
            int b = 0;
            // Take: a re-planned last epoch may be a part of one (the iterator makes no batch beyond it).
            foreach (var batch in batches.Epoch(epoch).Take(epochBatches))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                using var owned = batch;
                var (images, labels) = batch;
                var x = (augmentation.IsNone ? images : augmentation.Apply(images, augmentationRandom)).to(device);
                var y = labels.to(device);
                optimizer.ZeroGrad();
                Tensor logits, loss;
                if (auxiliary is not null)
                {
                    (logits, var auxiliaryLogits) = auxiliary.ForwardWithAuxiliary(x);
                    loss = nn.functional.cross_entropy(logits, y, label_smoothing: o.LabelSmoothing);
                    if (auxiliaryLogits is not null) loss = loss.add(nn.functional.cross_entropy(auxiliaryLogits, y, label_smoothing: o.LabelSmoothing).mul(auxiliaryWeight), Runtime.HeldScalars.One);
                }
                else
                {
                    logits = model.call(x);
                    loss = nn.functional.cross_entropy(logits, y, label_smoothing: o.LabelSmoothing);
                }
                double lossValue = loss.item<float>();
                if (!double.IsFinite(lossValue))
                    throw new TrainingDivergedException($"training diverged: loss is {lossValue} at epoch {epoch}, batch {b + 1}");
                loss.backward();
                if (o.GradientClip > 0) nn.utils.clip_grad_norm_(model.parameters(), o.GradientClip);
                optimizer.Step(schedule.Rate(epoch - 1, b));
                average?.Update();

                long n = y.shape[0];
                seen += n;
                lossSum += lossValue * n;
                correct += logits.argmax(1).eq(y).sum().item<long>();
                b++;
                if (progress is not null && (b % 10 == 0 || b == epochBatches))
                    progress.Report(new TrainingProgress(epoch, WholeEpochs(planned), b, epochBatches, lossSum / seen, (double)correct / seen, seen / clock.Elapsed.TotalSeconds));
            }
            double trainSeconds = clock.Elapsed.TotalSeconds;
            var val = validation is null ? null : EvaluateAveraged(model, average, validation);
            var metrics = new EpochMetrics(epoch, lossSum / seen, (double)correct / seen,
                val?.Loss ?? double.NaN, val?.Accuracy ?? double.NaN, clock.Elapsed.TotalSeconds, seen / trainSeconds);
            epochs.Add(metrics);
            if (replan is not null && epoch < WholeEpochs(planned)) // after the plan's last epoch the run is over
            {
                double replanned = Math.Max(epoch, replan(epochs, planned));
                if (!double.IsFinite(replanned)) throw new InvalidOperationException($"the re-plan after epoch {epoch} gave {replanned} epochs");
                if (WholeEpochs(replanned) != WholeEpochs(planned)) schedule = new TrainingSchedule(o with { Epochs = WholeEpochs(replanned) }, batches.BatchCount);
                planned = replanned;
            }
            checkpoint?.Save(model, optimizer, average, augmentationRandom, epochs, planned);
            progress?.Report(new TrainingProgress(epoch, WholeEpochs(planned), epochBatches, epochBatches, metrics.TrainLoss, metrics.TrainAccuracy, metrics.ImagesPerSecond, metrics));
        }
        average?.CopyToModel(); // whoever evaluates or saves the model gets the averaged weights
        return new TrainingResult(epochs, earlierSeconds + total.Elapsed.TotalSeconds);
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
        if (average is null) return Evaluate(model, data);
        average.Swap();
        try { return Evaluate(model, data); }
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
