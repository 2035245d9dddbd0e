using Nas.Torch.Data;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// What differs between the methods of <see cref="OneShotRunner"/>: the batches a step takes, how a step
/// updates the weights and alpha, the temperature, how an epoch's genotype is derived and scored, and the
/// state only the method holds (alpha's optimiser, SNAS's Gumbel generator). The runner owns the supernet,
/// alpha and the weights' optimiser and runs the epoch loop, which has no branch on the method.
/// </summary>
internal abstract class OneShotSearchMethod : IDisposable
{
    protected OneShotSearchMethod(OneShotOptions options, Supernet network, ArchitectureWeights alpha, MomentumSgd weights)
    {
        Options = options;
        Network = network;
        Alpha = alpha;
        Weights = weights;
    }

    /// <summary>The method for <see cref="OneShotOptions.Method"/>; throws <see cref="NasUserException"/> when the training set does not suit it.</summary>
    public static OneShotSearchMethod Create(OneShotOptions options, Supernet network, ArchitectureWeights alpha, MomentumSgd weights, ImageDataset train) =>
        options.Method == OneShotMethod.Snas
            ? new SnasSearchMethod(options, network, alpha, weights, train)
            : new DartsSearchMethod(options, network, alpha, weights, train);

    protected OneShotOptions Options { get; }
    protected Supernet Network { get; }
    protected ArchitectureWeights Alpha { get; }
    protected MomentumSgd Weights { get; }

    /// <summary>The method's name in checkpoints (one method's checkpoint does not restore another's).</summary>
    public abstract string Kind { get; }

    /// <summary>Steps in a whole epoch.</summary>
    public abstract int BatchCount { get; }

    /// <summary>SNAS's Gumbel-softmax temperature in epoch <paramref name="epoch"/> (0-based); NaN for DARTS.</summary>
    public virtual double Temperature(int epoch) => double.NaN;

    /// <summary>The steps' batches of epoch <paramref name="epoch"/> (0-based), fixed by the seed and the epoch. Each is the caller's to dispose.</summary>
    public abstract IEnumerable<OneShotBatch> Batches(int epoch);

    /// <summary>One step on a batch, inside the caller's dispose scope: returns the supernet's logits and cross-entropy on the weights' batch.</summary>
    public abstract (Tensor Logits, Tensor Loss) Step(OneShotBatch batch, double learningRate, double temperature);

    /// <summary>The genotype of alpha's probabilities and the op weights to score it with (tensors of the caller's dispose scope).</summary>
    public abstract OneShotDerivation Derive(double[][] normal, double[][] reduce);

    /// <summary>Writes the state only the method holds.</summary>
    public abstract void Save(CheckpointWriter writer);

    /// <summary>The files <see cref="Save"/> writes, so a restore can check they are all there before it loads any.</summary>
    public abstract IReadOnlyList<string> Files { get; }

    /// <summary>Reads back what <see cref="Save"/> wrote.</summary>
    public abstract void Restore(CheckpointReader reader);

    /// <summary>Clips the weights' gradient norm (when the options say so) and steps them at <paramref name="learningRate"/>.</summary>
    protected void StepWeights(double learningRate)
    {
        if (Options.GradientClip > 0) nn.utils.clip_grad_norm_(Weights.Parameters, Options.GradientClip);
        Weights.Step(learningRate);
    }

    public virtual void Dispose() { }
}
