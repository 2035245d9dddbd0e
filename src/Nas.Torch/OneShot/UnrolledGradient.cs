using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// DARTS's second-order alpha gradient, apart from the network and its loss (<c>architect.py</c> of both the
/// CNN and the recurrent search): the gradient of L_val at the unrolled weights
/// w' = w − η(c·∇w L_train(w, α) + wd·w + μ·buf), minus η·c times the mixed second derivative
/// ∇²(α,w) L_train · v with v = ∇w' L_val (clipped like the weights' gradient where clipping is on), by central
/// finite differences at w ± εv, ε = scale / ‖v‖. c is the clipping coefficient of ∇w L_train (1 without clipping),
/// as the recurrent reference scales the implicit term.
/// </summary>
internal static class UnrolledGradient
{
    // Held for the process: a temporary Scalar may be freed by the GC while libtorch reads it.
    private static readonly Scalar Two = 2.ToScalar();

    /// <summary>
    /// Sets the gradient of <paramref name="alpha"/>; the weights are left as they were, their gradients dirty.
    /// Runs inside the caller's dispose scope.
    /// </summary>
    /// <param name="weights">The network's weights w.</param>
    /// <param name="alpha">The architecture weights.</param>
    /// <param name="trainLoss">L_train at the weights as they are now (called four times).</param>
    /// <param name="validationLoss">L_val at the weights as they are now (called once, at w').</param>
    /// <param name="eta">The weights' learning rate η of the unrolled step.</param>
    /// <param name="weightDecay">The weights' L2 weight decay.</param>
    /// <param name="clip">Gradient-norm clipping of ∇w L_train and of v (0: none).</param>
    /// <param name="momentum">μ, and the momentum buffer of weight i (null: none yet); null for plain SGD.</param>
    /// <param name="epsilonScale">ε of the finite difference is this over ‖v‖ (DARTS: 0.01).</param>
    public static void Compute(IReadOnlyList<Parameter> weights, IReadOnlyList<Parameter> alpha, Func<Tensor> trainLoss, Func<Tensor> validationLoss,
        double eta, double weightDecay, double clip, (double Value, Func<int, Tensor?> Buffer)? momentum, double epsilonScale)
    {
        var w = weights;
        var backup = w.Select(p => p.detach().clone()).ToArray();

        // Scalars held to the end of the method: a temporary one may be freed while libtorch reads it.
        using var decay = weightDecay.ToScalar();
        using var mu = (momentum?.Value ?? 0).ToScalar();
        using var minusEta = (-eta).ToScalar();

        // Unrolled weights w' = w − η(c·∇w L_train(w, α) + wd·w + μ·buf).
        ZeroGrad(w);
        trainLoss().backward();
        double coefficient = Clip(w, clip);
        using (no_grad())
        {
            for (int i = 0; i < w.Count; i++)
            {
                var step = w[i].grad is { } g ? g.add(w[i], alpha: decay) : w[i].mul(decay);
                if (momentum?.Buffer(i) is { } buf) step = step.add(buf, alpha: mu);
                w[i].add_(step, alpha: minusEta);
            }
        }

        // ∇α L_val(w', α) and v = ∇w' L_val(w', α), clipped as the weights' gradient is.
        ZeroGrad(w);
        ZeroGrad(alpha);
        validationLoss().backward();
        var direct = alpha.Select(a => a.grad is { } g ? g.clone() : zeros_like(a)).ToArray();
        Clip(w, clip);
        var v = w.Select(p => p.grad is { } g ? g.clone() : zeros_like(p)).ToArray();

        // Hessian-vector product by central differences at w ± ε v.
        double norm = Math.Sqrt(v.Sum(t => t.pow(Two).sum().to_type(ScalarType.Float64).item<double>()));
        double epsilon = epsilonScale / Math.Max(norm, 1e-12);
        var plus = AlphaGradientAt(w, alpha, backup, v, epsilon, trainLoss);
        var minus = AlphaGradientAt(w, alpha, backup, v, -epsilon, trainLoss);
        using (no_grad())
        {
            using var twoEpsilon = (2 * epsilon).ToScalar();
            using var scale = (-eta * coefficient).ToScalar();
            for (int i = 0; i < w.Count; i++) w[i].copy_(backup[i]);
            for (int k = 0; k < direct.Length; k++)
            {
                var implicitGrad = plus[k].sub(minus[k]).div(twoEpsilon);
                alpha[k].grad!.copy_(direct[k].add(implicitGrad, alpha: scale));
            }
        }
    }

    private static Tensor[] AlphaGradientAt(IReadOnlyList<Parameter> w, IReadOnlyList<Parameter> alpha, Tensor[] origin, Tensor[] v, double step, Func<Tensor> loss)
    {
        using var stepScalar = step.ToScalar(); // held to the end: a temporary Scalar may be freed mid-call
        using (no_grad())
            for (int i = 0; i < w.Count; i++) w[i].copy_(origin[i].add(v[i], alpha: stepScalar));
        ZeroGrad(alpha);
        loss().backward();
        return alpha.Select(a => a.grad is { } g ? g.clone() : zeros_like(a)).ToArray();
    }

    // Scales the gradients to total norm `clip` where it is above; returns the coefficient (1 when not clipped).
    private static double Clip(IReadOnlyList<Parameter> w, double clip)
    {
        if (!(clip > 0)) return 1;
        double norm = nn.utils.clip_grad_norm_(w, clip);
        return Math.Min(1, clip / (norm + 1e-6));
    }

    private static void ZeroGrad(IReadOnlyList<Parameter> parameters)
    {
        foreach (var p in parameters) p.grad?.zero_();
    }
}
