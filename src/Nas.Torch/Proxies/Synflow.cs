using Nas.Torch.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Proxies;

/// <summary>
/// Synaptic flow (Tanaka et al. 2020, as a zero-cost proxy in Abdelfattah et al., ICLR 2021, SamsungLabs/zero-cost-nas):
/// every parameter replaced by its absolute value, batch norm off, one all-ones input of the images' shape, R = the sum
/// of the outputs; the score is Σ |θ ⊙ ∂R/∂θ| over the weights of every convolution and linear layer that ran. No data
/// and no labels. Zero when a layer on every path has zero weights (the flow is cut).
/// Batch norm is turned off as the reference does (there its forward becomes the identity): here each batch norm runs in
/// eval mode with mean 0, variance 1, scale 1 and shift 0, which is x / sqrt(1 + eps). The reference works in double;
/// this runs in the network's float32 with the sum taken in double, and when the flow overflows float32 it is
/// recomputed from an input scaled by 2^-60 (then 2^-120) and scaled back: with batch norm off and the only bias the
/// classifier's, the score is linear in the input's scale. +∞ if even that overflows.
/// Everything changed is put back afterwards, exactly (copies, not sign flips), and no gradient is accumulated into
/// the parameters (<c>autograd.grad</c>).
/// </summary>
public sealed class Synflow : IZeroCostProxy
{
    /// <summary>The catalog name, <c>synflow</c>.</summary>
    public const string ProxyName = "synflow";

    private static readonly double[] Scales = { 1, Math.Pow(2, -60), Math.Pow(2, -120) };

    /// <inheritdoc />
    public string Name => ProxyName;

    /// <inheritdoc />
    public string Description => "Σ|θ ⊙ ∂R/∂θ| with |θ|, batch norm off and an all-ones input (Tanaka et al. 2020); needs only the images' shape";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">No convolution or linear layer of the network ran.</exception>
    public double Score(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        using var scope = NewDisposeScope();
        var state = ModelState.Save(model);
        var ran = new List<Tensor>();
        var hooks = new List<Action>();
        try
        {
            foreach (var module in model.modules())
            {
                switch (module)
                {
                    case Conv2d conv: hooks.Add(conv.register_forward_hook((_, _, o) => { Add(ran, conv.weight); return o; }).remove); break;
                    case Conv1d conv: hooks.Add(conv.register_forward_hook((_, _, o) => { Add(ran, conv.weight); return o; }).remove); break;
                    case Linear linear: hooks.Add(linear.register_forward_hook((_, _, o) => { Add(ran, linear.weight); return o; }).remove); break;
                }
            }
            Linearize(model);
            model.eval();
            var shape = (long[])images.shape.Clone();
            shape[0] = 1;
            using var grad = enable_grad();
            foreach (double scale in Scales)
            {
                ran.Clear();
                using var value = scale.ToScalar();
                var input = ones(shape, images.dtype, images.device).mul(value);
                var r = model.call(input).to_type(ScalarType.Float64).sum();
                if (ran.Count == 0) throw new ArgumentException("synflow sums over convolution and linear weights, and none ran", nameof(model));
                var grads = autograd.grad(new[] { r }, ran);
                double total = 0;
                for (int i = 0; i < ran.Count; i++)
                    total += ran[i].detach().mul(grads[i]).abs().to_type(ScalarType.Float64).sum().item<double>();
                if (double.IsFinite(total)) return total / scale;
            }
            return double.PositiveInfinity;
        }
        finally
        {
            foreach (var remove in hooks) remove();
            state.Restore();
        }
    }

    private static void Add(List<Tensor> ran, Tensor? weight)
    {
        if (weight is not null && !ran.Any(w => ReferenceEquals(w, weight))) ran.Add(weight);
    }

    /// <summary>|θ| for every parameter; batch norms made x / sqrt(1 + eps) (used in eval mode).</summary>
    private static void Linearize(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var p in model.parameters()) p.abs_();
        foreach (var module in model.modules())
        {
            var (mean, variance, weight, bias) = module switch
            {
                BatchNorm2d bn => (bn.running_mean, bn.running_var, bn.weight, bn.bias),
                BatchNorm1d bn => (bn.running_mean, bn.running_var, bn.weight, bn.bias),
                BatchNorm3d bn => (bn.running_mean, bn.running_var, bn.weight, bn.bias),
                _ => (null, null, null, null),
            };
            mean?.zero_();
            variance?.fill_(HeldScalars.One);
            weight?.fill_(HeldScalars.One);
            bias?.zero_();
        }
    }
}
