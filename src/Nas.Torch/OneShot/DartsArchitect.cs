using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// DARTS's architecture optimiser (<c>architect.py</c>), apart from the network: Adam on alpha
/// (lr 3e-4, betas (0.5, 0.999), weight decay 1e-3 by default), stepping on a validation batch.
/// First order: alpha's gradient of the validation loss at the current weights. Second order: the
/// gradient at the unrolled weights w' = w − η(momentum·buf + ∇w L_train + wd·w), minus η times the
/// mixed second derivative ∇²(α,w) L_train · ∇w' L_val, by central finite differences with
/// ε = 0.01 / ‖∇w' L_val‖.
/// </summary>
public sealed class DartsArchitect : IDisposable
{
    private readonly Supernet _network;
    private readonly ArchitectureWeights _alpha;
    private readonly MomentumSgd _weights;
    private readonly AlphaAdam _optimizer;

    /// <param name="network">The supernet.</param>
    /// <param name="alpha">Its architecture weights.</param>
    /// <param name="weights">The weights' optimiser: its momentum and weight decay define the unrolled step.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="beta1">Adam's beta 1.</param>
    /// <param name="beta2">Adam's beta 2.</param>
    /// <param name="weightDecay">Adam's L2 weight decay on alpha.</param>
    /// <param name="secondOrder">Use the unrolled (second-order) gradient.</param>
    /// <param name="epsilonScale">The finite difference's ε is this over ‖v‖: DARTS's 0.01; a test of the
    /// formula on a tiny ReLU network uses less, so that the difference crosses no ReLU or max-pool kink.</param>
    public DartsArchitect(Supernet network, ArchitectureWeights alpha, MomentumSgd weights, double learningRate = 3e-4,
        double beta1 = 0.5, double beta2 = 0.999, double weightDecay = 1e-3, bool secondOrder = false, double epsilonScale = 0.01)
    {
        if (!(epsilonScale > 0)) throw new ArgumentOutOfRangeException(nameof(epsilonScale), "must be positive");
        EpsilonScale = epsilonScale;
        _network = network;
        _alpha = alpha;
        _weights = weights;
        SecondOrder = secondOrder;
        _optimizer = new AlphaAdam(alpha.Parameters, learningRate, beta1, beta2, weightDecay);
    }

    /// <summary>ε of the Hessian-vector product is this over ‖v‖ (DARTS: 0.01).</summary>
    public double EpsilonScale { get; }

    /// <summary>True for the unrolled, second-order gradient.</summary>
    public bool SecondOrder { get; }

    /// <summary>Adam on alpha (its state belongs in a checkpoint of the search).</summary>
    public AlphaAdam Optimizer => _optimizer;

    /// <summary>The supernet's loss on a batch with softmax(alpha) as op weights.</summary>
    /// <param name="x">Images [B, C, H, W].</param>
    /// <param name="y">Labels [B].</param>
    public Tensor Loss(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var logits = _network.call(x, nn.functional.softmax(_alpha.Normal, -1), nn.functional.softmax(_alpha.Reduce, -1));
        return nn.functional.cross_entropy(logits, y).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One Adam step on alpha from a validation batch; the second order also needs the training batch and
    /// the weights' current learning rate η.
    /// </summary>
    /// <param name="trainX">The training batch's images (second order only).</param>
    /// <param name="trainY">Its labels.</param>
    /// <param name="validX">The validation batch's images.</param>
    /// <param name="validY">Its labels.</param>
    /// <param name="eta">The weights' current learning rate (second order only).</param>
    public void Step(Tensor trainX, Tensor trainY, Tensor validX, Tensor validY, double eta)
    {
        using var scope = NewDisposeScope();
        _optimizer.ZeroGrad();
        ComputeGradient(trainX, trainY, validX, validY, eta);
        _optimizer.Step();
        _weights.ZeroGrad();
    }

    /// <summary>
    /// Sets alpha's <c>grad</c> to the first- or second-order gradient without stepping (the test reads it).
    /// The weights are left as they were; their gradients are left dirty.
    /// </summary>
    /// <param name="trainX">The training batch's images (second order only).</param>
    /// <param name="trainY">Its labels.</param>
    /// <param name="validX">The validation batch's images.</param>
    /// <param name="validY">Its labels.</param>
    /// <param name="eta">The weights' current learning rate (second order only).</param>
    public void ComputeGradient(Tensor trainX, Tensor trainY, Tensor validX, Tensor validY, double eta)
    {
        using var scope = NewDisposeScope();
        foreach (var a in _alpha.Parameters) a.grad?.zero_();
        if (!SecondOrder)
        {
            Loss(validX, validY).backward();
            return;
        }

        UnrolledGradient.Compute(_weights.Parameters, _alpha.Parameters, () => Loss(trainX, trainY), () => Loss(validX, validY), eta,
            _weights.WeightDecay, clip: 0, (_weights.Momentum, _weights.Buffer), EpsilonScale);
    }

    /// <summary>Frees alpha's optimiser state.</summary>
    public void Dispose() => _optimizer.Dispose();
}
