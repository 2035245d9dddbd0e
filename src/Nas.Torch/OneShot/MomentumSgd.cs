using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// SGD with momentum and L2 weight decay, torch's <c>optim.SGD</c> update op for op
/// (d = g + wd·w; buf = momentum·buf + d, the first buf = d; w -= lr·buf, or with Nesterov momentum
/// w -= lr·(d + momentum·buf)), so its results are bit for bit TorchSharp's; with the momentum buffers readable, since DARTS's second-order step builds its unrolled weights
/// from them. The learning rate is given per step (the callers follow a cosine schedule). It serves the
/// supernet's weights and <c>Trainer</c>. Its own class because TorchSharp's SGD makes a temporary Scalar for
/// every constant of every step, which the GC can free while libtorch reads it; here they are held. Buffers are
/// long-lived, freed by <see cref="Dispose"/>. <see cref="Save"/> writes TorchSharp's own SGD format, so
/// checkpoints written before still load.
/// </summary>
public sealed class MomentumSgd : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor?[] _buffers;
    private readonly Scalar _momentum, _weightDecay;

    /// <param name="parameters">The parameters it updates.</param>
    /// <param name="momentum">The momentum (0.9 in DARTS and here by default); 0 is plain SGD.</param>
    /// <param name="weightDecay">L2 weight decay added to the gradient.</param>
    /// <param name="nesterov">Nesterov momentum, as torch's <c>SGD(nesterov=True)</c>: the step is d + momentum·buf; needs a positive momentum.</param>
    public MomentumSgd(IEnumerable<Parameter> parameters, double momentum, double weightDecay, bool nesterov = false)
    {
        if (nesterov && momentum <= 0) throw new ArgumentOutOfRangeException(nameof(nesterov), nesterov, "Nesterov momentum needs a positive momentum");
        _parameters = parameters.ToArray();
        _buffers = new Tensor?[_parameters.Length];
        Momentum = momentum;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _momentum = momentum.ToScalar();
        _weightDecay = weightDecay.ToScalar();
    }

    /// <summary>The momentum.</summary>
    public double Momentum { get; }
    /// <summary>The L2 weight decay added to every gradient.</summary>
    public double WeightDecay { get; }
    /// <summary>Whether the momentum is Nesterov's.</summary>
    public bool Nesterov { get; }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The momentum buffer of parameter <paramref name="i"/>, or null before its first step.</summary>
    /// <param name="i">The parameter's position in <see cref="Parameters"/>.</param>
    public Tensor? Buffer(int i) => _buffers[i];

    /// <summary>Clears every gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters)
        {
            using var grad = p.grad;
            grad?.zero_();
        }
    }

    /// <summary>One update with learning rate <paramref name="lr"/>; parameters without a gradient stay.</summary>
    /// <param name="lr">The learning rate of this step.</param>
    public void Step(double lr)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var step = (-lr).ToScalar();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var g = p.grad;
            if (g is null) continue;
            var d = WeightDecay != 0 ? g.add(p, alpha: _weightDecay) : g;
            if (Momentum != 0)
            {
                if (_buffers[i] is { } buf) buf.mul_(_momentum).add_(d, Runtime.HeldScalars.One);
                else _buffers[i] = d.clone().DetachFromDisposeScope();
                // torch: d_p = d_p.add(buf, alpha=momentum) for Nesterov, else d_p = buf.
                d = Nesterov ? d.add(_buffers[i]!, alpha: _momentum) : _buffers[i]!;
            }
            p.add_(d, alpha: step);
        }
    }

    // Counts are LEB128, which is .NET's 7-bit encoding for non-negative numbers. TorchSharp's SGD.save_state_dict: the type name, one parameter group's options (initial and current learning
    // rate, momentum, dampening, weight decay, nesterov, maximize), then per parameter its buffer when it has one.
    private const string FormatName = "SGD";

    /// <summary>Writes the state in TorchSharp's format for <c>optim.SGD</c> (one group, no dampening).</summary>
    /// <param name="writer">Where the state goes.</param>
    /// <param name="initialLearningRate">The schedule's starting rate, recorded as TorchSharp records it.</param>
    /// <param name="learningRate">The rate of the next step.</param>
    public void Save(BinaryWriter writer, double initialLearningRate, double learningRate)
    {
        writer.Write(FormatName);
        writer.Write7BitEncodedInt64(1);
        writer.Write7BitEncodedInt64(_parameters.Length);
        writer.Write(initialLearningRate);
        writer.Write(learningRate);
        writer.Write(Momentum);
        writer.Write(0.0); // dampening
        writer.Write(WeightDecay);
        writer.Write(Nesterov);
        writer.Write(false); // maximize
        foreach (var buffer in _buffers)
        {
            writer.Write(buffer is not null);
            buffer?.Save(writer);
        }
    }

    /// <summary>Reads a state written by <see cref="Save"/> (or TorchSharp's SGD with the same settings); returns the learning rate of the next step.</summary>
    /// <exception cref="InvalidDataException">The state is of another optimiser, other settings or other parameters.</exception>
    /// <param name="reader">Where the state comes from.</param>
    public double Load(BinaryReader reader)
    {
        string name = reader.ReadString();
        if (name != FormatName) throw new InvalidDataException($"an optimiser state of '{name}', not SGD");
        if (reader.Read7BitEncodedInt64() != 1) throw new InvalidDataException("SGD state: not one parameter group");
        if (reader.Read7BitEncodedInt64() != _parameters.Length) throw new InvalidDataException($"SGD state: not {_parameters.Length} parameters");
        reader.ReadDouble(); // initial learning rate
        double learningRate = reader.ReadDouble();
        double momentum = reader.ReadDouble(), dampening = reader.ReadDouble(), weightDecay = reader.ReadDouble();
        bool nesterov = reader.ReadBoolean(), maximize = reader.ReadBoolean();
        if (momentum != Momentum || dampening != 0 || weightDecay != WeightDecay || nesterov != Nesterov || maximize)
            throw new InvalidDataException("SGD state: written with other settings");
        var loaded = new Tensor?[_parameters.Length];
        try
        {
            for (int i = 0; i < _parameters.Length; i++)
            {
                if (!reader.ReadBoolean()) continue;
                // The buffer has its parameter's type and shape: read into a tensor like it, so nothing else is accepted.
                using (var scope = NewDisposeScope()) loaded[i] = zeros_like(_parameters[i]).DetachFromDisposeScope();
                using var noGrad = no_grad();
                loaded[i]!.Load(reader);
            }
        }
        catch
        {
            foreach (var t in loaded) t?.Dispose();
            throw;
        }
        for (int i = 0; i < _buffers.Length; i++)
        {
            _buffers[i]?.Dispose();
            _buffers[i] = loaded[i];
        }
        return learningRate;
    }

    /// <summary>Writes the momentum buffers for a checkpoint, in the format of <see cref="Save"/> (the rates are the caller's to keep).</summary>
    /// <param name="writer">Where the state goes.</param>
    public void SaveState(BinaryWriter writer) => Save(writer, 0, 0);

    /// <summary>Reads buffers written by <see cref="SaveState"/> (or <see cref="Save"/>) in place of the current ones; they stay on failure.</summary>
    /// <param name="reader">Where the state comes from.</param>
    public void LoadState(BinaryReader reader) => Load(reader);

    /// <summary>Frees the momentum buffers and the held Scalars.</summary>
    public void Dispose()
    {
        foreach (var b in _buffers) b?.Dispose();
        _momentum.Dispose();
        _weightDecay.Dispose();
    }
}
