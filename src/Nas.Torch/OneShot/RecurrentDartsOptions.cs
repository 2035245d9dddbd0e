using Nas.Torch.Training;

namespace Nas.Torch.OneShot;

/// <summary>
/// Settings of a differentiable search over the recurrent DAG cell (<c>rnn/train_search.py</c>): DARTS first
/// order (the reference's default for this search), second order, or SNAS. The weights follow
/// <see cref="Weights"/> (plain SGD, clipping, weight decay, variable-length windows, AR/TAR; averaging
/// does not apply); alpha takes Adam with DARTS's recurrent settings: lr 3e-3, betas (0.9, 0.999), weight
/// decay 1e-3.
/// </summary>
public sealed record RecurrentDartsOptions
{
    /// <summary>DARTS first or second order, or SNAS.</summary>
    public OneShotMethod Method { get; init; } = OneShotMethod.Darts;
    /// <summary>SNAS: the Gumbel-softmax temperature of the first epoch (1.0), annealed geometrically towards <see cref="TemperatureEnd"/>.</summary>
    public double TemperatureStart { get; init; } = 1.0;
    /// <summary>SNAS: the temperature of the last epoch (0.03).</summary>
    public double TemperatureEnd { get; init; } = 0.03;
    /// <summary>Second order: ε of the Hessian-vector product is this over ‖v‖ (DARTS: 0.01).</summary>
    public double EpsilonScale { get; init; } = 0.01;
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
        if (!Enum.IsDefined(Method)) throw new ArgumentOutOfRangeException(nameof(Method), Method, "is not a method");
        if (!(TemperatureStart > 0 && double.IsFinite(TemperatureStart))) throw new ArgumentOutOfRangeException(nameof(TemperatureStart), TemperatureStart, "must be positive");
        if (!(TemperatureEnd > 0 && double.IsFinite(TemperatureEnd))) throw new ArgumentOutOfRangeException(nameof(TemperatureEnd), TemperatureEnd, "must be positive");
        if (!(EpsilonScale > 0 && double.IsFinite(EpsilonScale))) throw new ArgumentOutOfRangeException(nameof(EpsilonScale), EpsilonScale, "must be positive");
        if (AlphaWeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(AlphaWeightDecay), AlphaWeightDecay, "must not be negative");
        ArgumentNullException.ThrowIfNull(Weights);
        Weights.Validated();
        return this;
    }
}
