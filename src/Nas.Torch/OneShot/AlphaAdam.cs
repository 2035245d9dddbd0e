using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// Adam with L2 weight decay, torch's <c>optim.Adam</c> update op for op (g += wd·p; m, v moving averages;
/// p -= lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + eps), t counted per parameter, a parameter without a gradient skipped),
/// so its results are bit for bit TorchSharp's. It serves alpha and the controllers. Its own class because
/// TorchSharp's Adam makes a temporary Scalar for every constant of every step, which the GC can free while
/// libtorch reads it, and leaves its state tensors live after Dispose. Here the Scalars are held and the state is
/// freed by <see cref="Dispose"/>. <see cref="Save"/> writes TorchSharp's own Adam format, so states saved before
/// (a search's controller) still load.
/// </summary>
public sealed class AlphaAdam : IDisposable
{
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;
    private readonly long[] _steps;
    private readonly double _lr, _beta1, _beta2, _weightDecay, _eps;
    private readonly Scalar _beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _epsScalar, _weightDecayScalar;

    /// <param name="parameters">The parameters it updates (alpha, or a controller's).</param>
    /// <param name="lr">The learning rate.</param>
    /// <param name="beta1">Decay of the first moment (DARTS's alpha: 0.5; ENAS's controller: 0).</param>
    /// <param name="beta2">Decay of the second moment (0.999).</param>
    /// <param name="weightDecay">L2 weight decay added to the gradient (DARTS's alpha: 1e-3).</param>
    /// <param name="eps">Added to the denominator (ENAS's controller: 1e-3).</param>
    public AlphaAdam(IReadOnlyList<Parameter> parameters, double lr, double beta1, double beta2, double weightDecay, double eps = 1e-8)
    {
        _parameters = parameters;
        (_lr, _beta1, _beta2, _weightDecay, _eps) = (lr, beta1, beta2, weightDecay, eps);
        _beta1Scalar = beta1.ToScalar();
        _oneMinusBeta1 = (1 - beta1).ToScalar();
        _beta2Scalar = beta2.ToScalar();
        _oneMinusBeta2 = (1 - beta2).ToScalar();
        _epsScalar = eps.ToScalar();
        _weightDecayScalar = weightDecay.ToScalar();
        _steps = new long[parameters.Count];
        using var scope = NewDisposeScope();
        _m = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _v = parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    /// <summary>Clears the parameters' gradients.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>One update from the current gradients.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (p.grad is not { } g) continue;
            long t = ++_steps[i];
            double correction1 = 1 - Math.Pow(_beta1, t), correction2 = 1 - Math.Pow(_beta2, t);
            if (_weightDecay != 0) g = g.add(p, alpha: _weightDecayScalar);
            _m[i].mul_(_beta1Scalar).add_(g, alpha: _oneMinusBeta1);
            _v[i].mul_(_beta2Scalar).addcmul_(g, g, value: _oneMinusBeta2);
            using var root = Math.Sqrt(correction2).ToScalar();
            using var stepSize = (-(_lr / correction1)).ToScalar();
            var denominator = _v[i].sqrt().div(root).add_(_epsScalar, Runtime.HeldScalars.One);
            p.addcdiv_(_m[i], denominator, value: stepSize);
        }
    }

    // Counts are LEB128, which is .NET's 7-bit encoding for non-negative numbers. TorchSharp's Adam.save_state_dict: the type name, one parameter group's options, then per parameter its step
    // count and both moving averages (no AMSGrad maximum).
    private const string FormatName = "Adam";

    /// <summary>Writes the state in TorchSharp's format for <c>optim.Adam</c> (one parameter group).</summary>
    /// <param name="writer">Where the state goes.</param>
    public void Save(BinaryWriter writer)
    {
        writer.Write(FormatName);
        writer.Write7BitEncodedInt64(1);
        writer.Write7BitEncodedInt64(_parameters.Count);
        writer.Write(_lr); // the initial learning rate, then the current one: they are the same here
        writer.Write(_lr);
        writer.Write(_beta1);
        writer.Write(_beta2);
        writer.Write(_eps);
        writer.Write(_weightDecay);
        writer.Write(false); // amsgrad
        writer.Write(false); // maximize
        for (int i = 0; i < _parameters.Count; i++)
        {
            writer.Write(_steps[i]);
            _m[i].Save(writer);
            _v[i].Save(writer);
            writer.Write(false);
        }
    }

    /// <summary>Reads a state written by <see cref="Save"/> (or by TorchSharp's Adam with the same settings).</summary>
    /// <exception cref="InvalidDataException">The state is of another optimiser, other settings or other parameters.</exception>
    /// <param name="reader">Where the state comes from.</param>
    public void Load(BinaryReader reader)
    {
        string name = reader.ReadString();
        if (name != FormatName) throw new InvalidDataException($"an optimiser state of '{name}', not Adam");
        if (reader.Read7BitEncodedInt64() != 1) throw new InvalidDataException("Adam state: not one parameter group");
        if (reader.Read7BitEncodedInt64() != _parameters.Count) throw new InvalidDataException($"Adam state: not {_parameters.Count} parameters");
        reader.ReadDouble(); // initial learning rate
        double lr = reader.ReadDouble();
        double beta1 = reader.ReadDouble(), beta2 = reader.ReadDouble(), eps = reader.ReadDouble(), weightDecay = reader.ReadDouble();
        bool amsgrad = reader.ReadBoolean(), maximize = reader.ReadBoolean();
        if (lr != _lr || beta1 != _beta1 || beta2 != _beta2 || eps != _eps || weightDecay != _weightDecay || amsgrad || maximize)
            throw new InvalidDataException("Adam state: written with other settings");
        using var noGrad = no_grad();
        for (int i = 0; i < _parameters.Count; i++)
        {
            _steps[i] = reader.ReadInt64();
            _m[i].Load(reader);
            _v[i].Load(reader);
            if (reader.ReadBoolean()) throw new InvalidDataException("Adam state: has an AMSGrad maximum");
        }
    }

    /// <summary>Steps taken so far (Adam's t, of the parameter stepped most).</summary>
    public long Steps => _steps.Length == 0 ? 0 : _steps.Max();

    /// <summary>Writes the state for a checkpoint, in the format of <see cref="Save"/>.</summary>
    /// <param name="writer">Where the state goes.</param>
    public void SaveState(BinaryWriter writer) => Save(writer);

    /// <summary>Reads a state written by <see cref="SaveState"/> (or <see cref="Save"/>).</summary>
    /// <param name="reader">Where the state comes from.</param>
    public void LoadState(BinaryReader reader) => Load(reader);

    /// <summary>Frees the moment estimates and the held Scalars.</summary>
    public void Dispose()
    {
        foreach (var t in _m.Concat(_v)) t.Dispose();
        foreach (var s in new[] { _beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _epsScalar, _weightDecayScalar }) s.Dispose();
    }
}
