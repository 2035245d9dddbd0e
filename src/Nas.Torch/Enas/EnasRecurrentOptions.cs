using Nas.Spaces.Recurrent;
using Nas.Torch.Training;

namespace Nas.Torch.Enas;

/// <summary>
/// Settings of ENAS over the recurrent DAG cell (carpedm20/ENAS-pytorch's Penn Treebank search). The shared weights
/// follow <see cref="Weights"/> (the AWD recipe: SGD at learning rate 20, clipping 0.25, variable windows; averaging
/// does not apply), one child sampled per window; then <see cref="ControllerSteps"/> controller updates, each child
/// rewarded <c>RewardConstant / perplexity</c> on a validation window.
/// </summary>
public sealed record EnasRecurrentOptions
{
    /// <summary>The rnn-dag space searched: nodes after the input node (ENAS: 12; here 8, DARTS's) and the output rule (ENAS: the loose ends).</summary>
    public RnnDagSpaceOptions Space { get; init; } = new(8, RnnDagSpaceOptions.LooseEnds);
    /// <summary>The shared weights' recipe; its epochs, seed and device are the search's.</summary>
    public LanguageTrainingOptions Weights { get; init; } = new();
    /// <summary>The controller (<see cref="EnasControllerOptions.ForRecurrent"/>).</summary>
    public EnasControllerOptions Controller { get; init; } = EnasControllerOptions.ForRecurrent();
    /// <summary>Controller updates per epoch (ENAS: 2000, for GPUs; each costs one validation window).</summary>
    public int ControllerSteps { get; init; } = 100;
    /// <summary>c in the reward c / validation perplexity (ENAS: 80).</summary>
    public double RewardConstant { get; init; } = 80;
    /// <summary>Children sampled and scored on one validation window to derive the cell (ENAS: 100).</summary>
    public int DeriveSamples { get; init; } = 100;

    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    public EnasRecurrentOptions Validated()
    {
        ArgumentNullException.ThrowIfNull(Space);
        Space.Validated();
        if (ControllerSteps < 0) throw new ArgumentOutOfRangeException(nameof(ControllerSteps), ControllerSteps, "must not be negative");
        if (!(RewardConstant > 0)) throw new ArgumentOutOfRangeException(nameof(RewardConstant), RewardConstant, "must be positive");
        if (DeriveSamples < 1) throw new ArgumentOutOfRangeException(nameof(DeriveSamples), DeriveSamples, "must be at least 1");
        ArgumentNullException.ThrowIfNull(Weights);
        ArgumentNullException.ThrowIfNull(Controller);
        Weights.Validated();
        Controller.Validated();
        return this;
    }
}
