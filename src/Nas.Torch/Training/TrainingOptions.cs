using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// How a network is trained: SGD with (optionally Nesterov) momentum on a cosine or one-cycle learning-rate schedule,
/// weight decay, gradient-norm clipping, label smoothing, an exponential moving average of the weights, test-time
/// flips; augmentation by flag. The defaults are a search child's short cheap recipe (everything new off).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Training epochs, at least 1.</summary>
    public int Epochs { get; init; } = 2;
    /// <summary>Examples per minibatch.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>The peak SGD learning rate (the first epoch's on the plain cosine schedule), followed down to <see cref="MinLearningRate"/>; positive.</summary>
    public double LearningRate { get; init; } = 0.05;
    /// <summary>Where the schedule ends (default 0).</summary>
    public double MinLearningRate { get; init; } = 0.0;
    /// <summary>The shape of the learning rate over the run (<see cref="TrainingSchedule"/>).</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;
    /// <summary>
    /// The share of all steps spent warming the rate up linearly from <see cref="LearningRate"/>/25, in [0, 1); 0: none
    /// (then <see cref="LearningRateSchedule.Cosine"/> is today's per-epoch cosine). With a warm-up the rate changes every step.
    /// </summary>
    public double WarmupFraction { get; init; }
    /// <summary>SGD momentum, in [0, 1).</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Nesterov momentum (torch's <c>SGD(nesterov=True)</c>); needs a positive <see cref="Momentum"/>.</summary>
    public bool Nesterov { get; init; }
    /// <summary>Label smoothing of the training loss (torch's <c>cross_entropy(label_smoothing)</c>), in [0, 1); 0: off. Evaluation loss is never smoothed.</summary>
    public double LabelSmoothing { get; init; }
    /// <summary>
    /// Decay of an exponential moving average of the weights, updated every step (<see cref="WeightAverage"/>), in [0, 1); 0: off.
    /// When on, validation measures the averaged weights and the model holds them when training ends.
    /// </summary>
    public double EmaDecay { get; init; }
    /// <summary>Evaluation averages the softmax of each image and of its horizontal mirror (only where flips keep the class).</summary>
    public bool TestTimeFlip { get; init; }
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; } = 3e-4;
    /// <summary>Maximum gradient norm; 0 turns clipping off.</summary>
    public double GradientClip { get; init; } = 5.0;
    /// <summary>Zero padding before a random crop back to the input size; 0 turns it off.</summary>
    public int CropPadding { get; init; }
    /// <summary>Augmentation: flip each training image horizontally with probability 1/2.</summary>
    public bool HorizontalFlip { get; init; }
    /// <summary>Side of the cutout square; 0 turns it off.</summary>
    public int Cutout { get; init; }
    /// <summary>Weight of the auxiliary head's loss (DARTS: 0.4); 0 turns it off. Needs a network with a head.</summary>
    public double AuxiliaryWeight { get; init; }
    /// <summary>Final drop-path probability, ramped linearly over the epochs (DARTS: 0.2); 0 turns it off.</summary>
    public double DropPath { get; init; }
    /// <summary>
    /// Copies of the network that train together, each on its share of every batch, on a thread of its own with one
    /// libtorch thread, their gradients summed into the model (data parallelism in one process). On the 2-core machine
    /// two replicas trained resnet-baseline 1.13-1.23x faster than one copy on libtorch's two threads (docs/benchmarks.md).
    /// 1: the model alone, on libtorch's threads. Not with drop path, whose masks come from libtorch's one global generator.
    /// </summary>
    public int Replicas { get; init; } = 1;
    /// <summary>
    /// Examples per minibatch when measuring the validation split. 32: libtorch's own convolutions (those oneDNN gets
    /// wrong on some machines) unfold a whole batch into one buffer, 0.9 MB an image for a 3x3 convolution of 32 channels
    /// at 28x28 (1.9 MB for a 5x5 of 24); on any thread but the process's first, glibc maps a buffer of 64 MiB or more
    /// afresh on every call (a thread's malloc arena grows in heaps of at most 64 MiB), and the zero fill then clears it,
    /// so a 5,000-image validation of such a network took 17 to 33 s at 256 and 2.4 to 5.6 s at 64 or 32 on a worker
    /// thread, where every run trains (`Nas.Bench rungcheck` with NAS_RUNG_THREAD=worker, docs/benchmarks.md); resnet-baseline's
    /// took 0.5 to 1.0 s at every size.
    /// </summary>
    public int EvaluationBatchSize { get; init; } = 32;
    /// <summary>Seeds the batch order and the augmentation (the network's initial weights are the builder's).</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Where the network trains.</summary>
    public Device Device { get; init; } = CPU;

    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    public TrainingOptions Validated()
    {
        static void Check(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, rule);
        }
        Check(Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
        Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Check(LearningRate > 0, nameof(LearningRate), LearningRate, "must be positive");
        Check(Momentum is >= 0 and < 1, nameof(Momentum), Momentum, "must be in [0, 1)");
        Check(!Nesterov || Momentum > 0, nameof(Nesterov), Nesterov, "needs a positive momentum");
        Check(Enum.IsDefined(Schedule), nameof(Schedule), Schedule, "must be Cosine or OneCycle");
        Check(WarmupFraction is >= 0 and < 1, nameof(WarmupFraction), WarmupFraction, "must be in [0, 1)");
        Check(LabelSmoothing is >= 0 and < 1, nameof(LabelSmoothing), LabelSmoothing, "must be in [0, 1)");
        Check(EmaDecay is >= 0 and < 1, nameof(EmaDecay), EmaDecay, "must be in [0, 1)");
        Check(WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "must not be negative");
        Check(GradientClip >= 0, nameof(GradientClip), GradientClip, "must not be negative");
        Check(AuxiliaryWeight >= 0, nameof(AuxiliaryWeight), AuxiliaryWeight, "must not be negative");
        Check(DropPath is >= 0 and < 1, nameof(DropPath), DropPath, "must be in [0, 1)");
        Check(CropPadding >= 0, nameof(CropPadding), CropPadding, "must not be negative");
        Check(Cutout >= 0, nameof(Cutout), Cutout, "must not be negative");
        Check(Replicas >= 1, nameof(Replicas), Replicas, "must be at least 1");
        Check(Replicas == 1 || DropPath == 0, nameof(Replicas), Replicas, "must be 1 with drop path (its masks come from libtorch's one global generator, which the replicas' threads would race on)");
        return this;
    }
}
