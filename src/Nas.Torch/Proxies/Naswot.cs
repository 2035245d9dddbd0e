using Nas.Torch.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Proxies;

/// <summary>
/// NASWOT (Mellor et al., "Neural Architecture Search without Training", ICML 2021): how differently the untrained
/// network's ReLUs split one minibatch. Each input gets a binary code, one bit per ReLU unit (1 when the unit's input is
/// positive); K[i, j] = units − Hamming(c_i, c_j) (x·xᵀ + (1 − x)·(1 − x)ᵀ summed over the ReLU layers) and the score is
/// log|det K|. Inputs the network cannot tell apart make K near singular; −∞ when it is singular (all ReLUs dead, say).
/// As in the reference code (BayesWatch/nas-without-training), the network runs in training mode (batch norm on the
/// batch's statistics); the running statistics it would update are put back. Only <c>nn.ReLU</c> modules are seen
/// (forward hooks): the project's networks and ops call ReLU through a module for this reason.
/// </summary>
public sealed class Naswot : IZeroCostProxy
{
    /// <summary>The catalog name, <c>naswot</c>.</summary>
    public const string ProxyName = "naswot";

    /// <inheritdoc />
    public string Name => ProxyName;

    /// <inheritdoc />
    public string Description => "log|det K| of the ReLU codes of one minibatch (Mellor et al. 2021); needs images, not labels";

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The network has no ReLU module, or the minibatch holds fewer than 2 images.</exception>
    public double Score(nn.Module<Tensor, Tensor> model, Tensor images, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        var relus = model.modules().OfType<ReLU>().ToList();
        if (relus.Count == 0)
            throw new ArgumentException("NASWOT reads the codes of nn.ReLU modules, and this network has none (a functional relu is not seen)", nameof(model));
        long n = images.shape[0];
        if (n < 2) throw new ArgumentException($"NASWOT compares the inputs of a minibatch: it needs at least 2 images, got {n}", nameof(images));

        using var scope = NewDisposeScope();
        var state = ModelState.Save(model);
        var agreement = zeros(n, n, ScalarType.Float64, images.device); // Σ over layers of s·sᵀ, s = 2c − 1: agreements − disagreements
        long units = 0;
        var hooks = new List<Action>();
        try
        {
            foreach (var relu in relus)
            {
                var hook = relu.register_forward_hook((_, _, output) =>
                {
                    var code = output.detach().reshape(n, -1).gt(HeldScalars.Zero).to_type(ScalarType.Float32);
                    var s = code.add(code, HeldScalars.One).sub(HeldScalars.One);
                    // ±1 products summed in float32 are exact integers below 2^24 units a layer; wider layers go to double.
                    if (s.shape[1] >= 1 << 24) s = s.to_type(ScalarType.Float64);
                    // In place: the hook runs inside the network's own dispose scope, which would free a new tensor.
                    agreement.add_(s.matmul(s.t()).to_type(ScalarType.Float64), HeldScalars.One);
                    units += s.shape[1];
                    return output;
                });
                hooks.Add(hook.remove);
            }
            model.train();
            using (no_grad()) model.call(images);
        }
        finally
        {
            foreach (var remove in hooks) remove();
            state.Restore();
        }
        if (units == 0) throw new ArgumentException("none of the network's ReLU modules ran", nameof(model));
        // K = (units + S) / 2, so log|det K| = log|det(units + S)| − n log 2.
        using var total = ((double)units).ToScalar();
        var (_, logAbsDet) = linalg.slogdet(agreement.add(total, HeldScalars.One));
        return logAbsDet.item<double>() - n * Math.Log(2);
    }
}
