using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// How a differentiable search runs. Defaults are the DARTS paper's (weights: SGD, momentum 0.9,
/// lr 0.025 cosine down to 0.001, weight decay 3e-4, clipping at 5; alpha: Adam, lr 3e-4, betas
/// (0.5, 0.999), weight decay 1e-3; 4 nodes, multiplier 4, stem multiplier 3) and SNAS's temperature
/// annealed from 1.0 to 0.03.
/// </summary>
public sealed record OneShotOptions
{
    public OneShotMethod Method { get; init; } = OneShotMethod.Darts;
    /// <summary>C of the first cells.</summary>
    public int Channels { get; init; } = 16;
    /// <summary>Number of cells.</summary>
    public int Layers { get; init; } = 8;
    public int Nodes { get; init; } = 4;
    public int Multiplier { get; init; } = 4;
    public int StemMultiplier { get; init; } = 3;
    public int Epochs { get; init; } = 50;
    public int BatchSize { get; init; } = 64;
    public double LearningRate { get; init; } = 0.025;
    public double MinLearningRate { get; init; } = 0.001;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 3e-4;
    public double GradientClip { get; init; } = 5.0;
    public double AlphaLearningRate { get; init; } = 3e-4;
    public double AlphaBeta1 { get; init; } = 0.5;
    public double AlphaBeta2 { get; init; } = 0.999;
    public double AlphaWeightDecay { get; init; } = 1e-3;
    public double TemperatureStart { get; init; } = 1.0;
    public double TemperatureEnd { get; init; } = 0.03;
    /// <summary>SNAS: the cost its penalty and its records measure.</summary>
    public ResourceKind Resource { get; init; } = ResourceKind.Params;
    /// <summary>SNAS: lambda, the penalty's weight (the penalty is lambda × expected cost / maximum cost).</summary>
    public double ResourceWeight { get; init; }
    /// <summary>DARTS: at most this many skip_connect edges in the derived normal cell; null: no cap.</summary>
    public int? MaxSkip { get; init; }
    /// <summary>Stop each epoch after this many batches (benchmarks and tests); null: the whole epoch.</summary>
    public int? MaxBatchesPerEpoch { get; init; }
    public int EvaluationBatchSize { get; init; } = 500;
    public int Seed { get; init; } = 1;
    public Device Device { get; init; } = CPU;

    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    public OneShotOptions Validated()
    {
        static void Check(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, rule);
        }
        Check(Channels >= 1, nameof(Channels), Channels, "must be at least 1");
        Check(Layers >= 3, nameof(Layers), Layers, "a one-shot search needs at least 3 cells, two of them reduction cells");
        Check(Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
        Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be positive");
        Check(MinLearningRate >= 0 && MinLearningRate <= LearningRate, nameof(MinLearningRate), MinLearningRate, "must be in [0, LearningRate]");
        Check(Momentum is >= 0 and < 1, nameof(Momentum), Momentum, "must be in [0, 1)");
        Check(WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "must not be negative");
        Check(GradientClip >= 0, nameof(GradientClip), GradientClip, "must not be negative");
        Check(ResourceWeight >= 0 && double.IsFinite(ResourceWeight), nameof(ResourceWeight), ResourceWeight, "must be a finite number, not negative");
        Check(MaxSkip is null or >= 0, nameof(MaxSkip), MaxSkip!, "must not be negative");
        Check(TemperatureStart > 0 && TemperatureEnd > 0, nameof(TemperatureStart), TemperatureStart, "the Gumbel-softmax temperatures must be positive");
        Check(MaxBatchesPerEpoch is null or >= 1, nameof(MaxBatchesPerEpoch), MaxBatchesPerEpoch!, "must be at least 1");
        Check(Multiplier >= 1 && Multiplier <= Nodes, nameof(Multiplier), Multiplier, "must be in 1..Nodes");
        return this;
    }
}
