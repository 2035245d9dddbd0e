using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// How a network is trained: SGD with momentum and a cosine learning-rate schedule over the epochs,
/// weight decay, gradient-norm clipping; augmentation by flag. Defaults suit small images.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 2;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.05;
    public double MinLearningRate { get; init; } = 0.0;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 3e-4;
    /// <summary>Maximum gradient norm; 0 turns clipping off.</summary>
    public double GradientClip { get; init; } = 5.0;
    /// <summary>Zero padding before a random crop back to the input size; 0 turns it off.</summary>
    public int CropPadding { get; init; }
    public bool HorizontalFlip { get; init; }
    /// <summary>Side of the cutout square; 0 turns it off.</summary>
    public int Cutout { get; init; }
    /// <summary>Weight of the auxiliary head's loss (DARTS: 0.4); 0 turns it off. Needs a network with a head.</summary>
    public double AuxiliaryWeight { get; init; }
    /// <summary>Final drop-path probability, ramped linearly over the epochs (DARTS: 0.2); 0 turns it off.</summary>
    public double DropPath { get; init; }
    public int EvaluationBatchSize { get; init; } = 1000;
    public int Seed { get; init; } = 1;
    public Device Device { get; init; } = CPU;

    public TrainingOptions Validated()
    {
        if (Epochs < 1) throw new NasUserException($"--epochs must be at least 1, got {Epochs}");
        if (BatchSize < 1) throw new NasUserException($"--batch-size must be at least 1, got {BatchSize}");
        if (LearningRate <= 0 || double.IsNaN(LearningRate)) throw new NasUserException($"--learning-rate must be positive, got {LearningRate}");
        if (Momentum < 0 || Momentum >= 1) throw new NasUserException($"--momentum must be in [0, 1), got {Momentum}");
        if (WeightDecay < 0) throw new NasUserException($"--weight-decay must not be negative, got {WeightDecay}");
        if (GradientClip < 0) throw new NasUserException($"--grad-clip must not be negative, got {GradientClip}");
        if (AuxiliaryWeight < 0 || double.IsNaN(AuxiliaryWeight)) throw new NasUserException($"--auxiliary-weight must not be negative, got {AuxiliaryWeight}");
        if (DropPath is < 0 or >= 1 || double.IsNaN(DropPath)) throw new NasUserException($"--drop-path must be in [0, 1), got {DropPath}");
        if (CropPadding < 0 || Cutout < 0) throw new NasUserException("--crop-padding and --cutout must not be negative");
        return this;
    }
}
