using Nas.Torch.Training;

namespace Nas.Torch.OneShot;

/// <summary>
/// Settings of a DARTS search over the recurrent DAG cell (<c>rnn/train_search.py</c>). The weights follow
/// <see cref="Weights"/> (plain SGD, clipping, weight decay, variable-length windows, AR/TAR; averaging
/// does not apply); alpha takes Adam with DARTS's recurrent settings: lr 3e-3, betas (0.9, 0.999), weight
/// decay 1e-3. First order only, the reference's default for this search.
/// </summary>
public sealed record RecurrentDartsOptions
{
    /// <summary>Nodes of the cell after the input node (DARTS: 8).</summary>
    public int Nodes { get; init; } = 8;
    /// <summary>Adam's learning rate for alpha (DARTS recurrent: 3e-3).</summary>
    public double AlphaLearningRate { get; init; } = 3e-3;
    /// <summary>Adam's β1 for alpha (0.9).</summary>
    public double AlphaBeta1 { get; init; } = 0.9;
    /// <summary>Adam's β2 for alpha (0.999).</summary>
    public double AlphaBeta2 { get; init; } = 0.999;
    /// <summary>L2 weight decay of alpha (DARTS recurrent: 1e-3).</summary>
    public double AlphaWeightDecay { get; init; } = 1e-3;
    /// <summary>The weights' recipe; its epochs, seed and device are the search's.</summary>
    public LanguageTrainingOptions Weights { get; init; } = new();

    /// <summary>Checks every value, <see cref="Weights"/> included; throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    public RecurrentDartsOptions Validated()
    {
        if (Nodes is < 1 or > 32) throw new ArgumentOutOfRangeException(nameof(Nodes), Nodes, "must be between 1 and 32");
        if (!(AlphaLearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(AlphaLearningRate), AlphaLearningRate, "must be positive");
        if (AlphaWeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(AlphaWeightDecay), AlphaWeightDecay, "must not be negative");
        ArgumentNullException.ThrowIfNull(Weights);
        Weights.Validated();
        return this;
    }
}
