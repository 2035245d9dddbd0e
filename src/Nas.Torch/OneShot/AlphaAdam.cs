using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// Adam with L2 weight decay for alpha, torch's <c>optim.Adam</c> update (g += wd·p; m, v moving averages;
/// p -= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps)). Its own class because its state must be freed with the
/// search: TorchSharp's Adam leaves its state tensors live after Dispose. State is long-lived, freed by <see cref="Dispose"/>.
/// </summary>
public sealed class AlphaAdam : IDisposable
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;
    private readonly double _lr, _beta1, _beta2, _weightDecay, _eps;
    private int _step;

    public AlphaAdam(IReadOnlyList<Parameter> parameters, double lr, double beta1, double beta2, double weightDecay, double eps = 1e-8)
    {
        _parameters = parameters;
        (_lr, _beta1, _beta2, _weightDecay, _eps) = (lr, beta1, beta2, weightDecay, eps);
        using var scope = NewDisposeScope();
        _m = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _v = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Clears the parameters' gradients.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.grad?.zero_();
    }

    /// <summary>One update from the current gradients.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _step++;
        double correction1 = 1 - Math.Pow(_beta1, _step), correction2 = 1 - Math.Pow(_beta2, _step);
        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (p.grad is not { } g) continue;
            if (_weightDecay != 0) g = g.add(p, alpha: _weightDecay);
            _m[i].mul_(_beta1).add_(g, alpha: 1 - _beta1);
            _v[i].mul_(_beta2).addcmul_(g, g, value: 1 - _beta2);
            var denominator = _v[i].sqrt().div(Math.Sqrt(correction2)).add(_eps);
            p.addcdiv_(_m[i], denominator, value: -_lr / correction1);
        }
    }

    /// <summary>Steps taken so far (Adam's t).</summary>
    public int Steps => _step;

    /// <summary>
    /// Writes the state for a checkpoint: the step count, then the count of parameters and each one's first and
    /// second moments in TorchSharp's tensor format.
    /// </summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(_step);
        writer.Write(_m.Length);
        for (int i = 0; i < _m.Length; i++)
        {
            _m[i].Save(writer);
            _v[i].Save(writer);
        }
    }

    /// <summary>
    /// Reads a state written by <see cref="SaveState"/> in place of the current one. Every moment must have its
    /// parameter's type and shape; otherwise <see cref="InvalidDataException"/> or <see cref="ArgumentException"/>,
    /// and the current state stays.
    /// </summary>
    public void LoadState(BinaryReader reader)
    {
        int step = reader.ReadInt32();
        if (step < 0) throw new InvalidDataException($"a negative Adam step count, {step}");
        int count = reader.ReadInt32();
        if (count != _m.Length) throw new InvalidDataException($"Adam state for {count} parameters, not {_m.Length}");
        var m = new Tensor[count];
        var v = new Tensor[count];
        try
        {
            using var noGrad = no_grad();
            for (int i = 0; i < count; i++)
            {
                m[i] = empty_like(_m[i]).DetachFromDisposeScope();
                TensorExtensionMethods.Load(m[i], reader);
                v[i] = empty_like(_v[i]).DetachFromDisposeScope();
                TensorExtensionMethods.Load(v[i], reader);
            }
        }
        catch
        {
            foreach (var t in m.Concat(v)) t?.Dispose();
            throw;
        }
        for (int i = 0; i < count; i++)
        {
            _m[i].Dispose();
            _v[i].Dispose();
            (_m[i], _v[i]) = (m[i], v[i]);
        }
        _step = step;
    }

    public void Dispose()
    {
        foreach (var t in _m.Concat(_v)) t.Dispose();
    }
}
