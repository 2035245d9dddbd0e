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
    /// <summary>DARTS first order (default), DARTS second order, or SNAS.</summary>
    public OneShotMethod Method { get; init; } = OneShotMethod.Darts;
    /// <summary>C of the first cells.</summary>
    public int Channels { get; init; } = 16;
    /// <summary>Number of cells.</summary>
    public int Layers { get; init; } = 8;
    /// <summary>Intermediate nodes per cell (DARTS: 4).</summary>
    public int Nodes { get; init; } = 4;
    /// <summary>Intermediate nodes concatenated into a cell's output, the last ones (DARTS: 4, all of them); 1..<see cref="Nodes"/>.</summary>
    public int Multiplier { get; init; } = 4;
    /// <summary>The stem's channels as a multiple of <see cref="Channels"/> (DARTS: 3).</summary>
    public int StemMultiplier { get; init; } = 3;
    /// <summary>Search epochs (DARTS: 50).</summary>
    public int Epochs { get; init; } = 50;
    /// <summary>Minibatch size of the weight and alpha steps (DARTS: 64).</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>The weights' initial SGD learning rate, followed down a cosine schedule (DARTS: 0.025).</summary>
    public double LearningRate { get; init; } = 0.025;
    /// <summary>Where the cosine schedule ends (DARTS: 0.001); at most <see cref="LearningRate"/>.</summary>
    public double MinLearningRate { get; init; } = 0.001;
    /// <summary>The weights' SGD momentum, in [0, 1) (DARTS: 0.9).</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>The weights' L2 weight decay (DARTS: 3e-4).</summary>
    public double WeightDecay { get; init; } = 3e-4;
    /// <summary>Maximum norm of the weights' gradient (DARTS: 5); 0 turns clipping off.</summary>
    public double GradientClip { get; init; } = 5.0;
    /// <summary>Adam's learning rate for alpha (DARTS: 3e-4).</summary>
    public double AlphaLearningRate { get; init; } = 3e-4;
    /// <summary>Adam's β1 for alpha (DARTS: 0.5).</summary>
    public double AlphaBeta1 { get; init; } = 0.5;
    /// <summary>Adam's β2 for alpha (DARTS: 0.999).</summary>
    public double AlphaBeta2 { get; init; } = 0.999;
    /// <summary>L2 weight decay of alpha (DARTS: 1e-3).</summary>
    public double AlphaWeightDecay { get; init; } = 1e-3;
    /// <summary>SNAS: the Gumbel-softmax temperature of the first epoch (1.0), annealed towards <see cref="TemperatureEnd"/>.</summary>
    public double TemperatureStart { get; init; } = 1.0;
    /// <summary>SNAS: the temperature of the last epoch (0.03).</summary>
    public double TemperatureEnd { get; init; } = 0.03;
    /// <summary>SNAS: the cost its penalty and its records measure.</summary>
    public ResourceKind Resource { get; init; } = ResourceKind.Params;
    /// <summary>SNAS: lambda, the penalty's weight (the penalty is lambda × expected cost / maximum cost).</summary>
    public double ResourceWeight { get; init; }
    /// <summary>DARTS: at most this many skip_connect edges in the derived normal cell; null: no cap.</summary>
    public int? MaxSkip { get; init; }
    /// <summary>Stop each epoch after this many batches (benchmarks and tests); null: the whole epoch.</summary>
    public int? MaxBatchesPerEpoch { get; init; }
    /// <summary>Minibatch size when measuring the validation split after each epoch.</summary>
    public int EvaluationBatchSize { get; init; } = 500;
    /// <summary>Seeds the supernet's weights, alpha, the batch order and the Gumbel noise: the same seed gives the same search on the CPU.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Where the search runs; only the CPU for now.</summary>
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
