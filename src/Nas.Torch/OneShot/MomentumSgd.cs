using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// SGD with momentum and L2 weight decay, exactly torch's <c>optim.SGD</c> update
/// (d = g + wd·w; buf = momentum·buf + d, the first buf = d; w -= lr·buf), with the momentum buffers
/// readable: DARTS's second-order step builds its unrolled weights from them. The learning rate is
/// given per step (the search runner follows a cosine schedule). Buffers are long-lived, freed by <see cref="Dispose"/>.
/// </summary>
public sealed class MomentumSgd : IDisposable
{
    private readonly Parameter[] _parameters;
    private readonly Tensor?[] _buffers;

    public MomentumSgd(IEnumerable<Parameter> parameters, double momentum, double weightDecay)
    {
        _parameters = parameters.ToArray();
        _buffers = new Tensor?[_parameters.Length];
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    public double Momentum { get; }
    public double WeightDecay { get; }

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The momentum buffer of parameter <paramref name="i"/>, or null before its first step.</summary>
    public Tensor? Buffer(int i) => _buffers[i];

    /// <summary>Clears every gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in _parameters) p.grad?.zero_();
    }

    /// <summary>One update with learning rate <paramref name="lr"/>; parameters without a gradient stay.</summary>
    public void Step(double lr)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i];
            var g = p.grad;
            if (g is null) continue;
            var d = WeightDecay != 0 ? g.add(p, alpha: WeightDecay) : g;
            if (Momentum != 0)
            {
                if (_buffers[i] is { } buf) buf.mul_(Momentum).add_(d);
                else _buffers[i] = d.clone().DetachFromDisposeScope();
                d = _buffers[i]!;
            }
            p.add_(d, alpha: -lr);
        }
    }

    /// <summary>
    /// Writes the momentum buffers for a checkpoint: their count, then per parameter a flag (false before its
    /// first step) and the buffer in TorchSharp's tensor format.
    /// </summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(_buffers.Length);
        foreach (var b in _buffers)
        {
            writer.Write(b is not null);
            b?.Save(writer);
        }
    }

    /// <summary>
    /// Reads buffers written by <see cref="SaveState"/> in place of the current ones. Every buffer must have
    /// its parameter's type and shape; otherwise <see cref="InvalidDataException"/> or
    /// <see cref="ArgumentException"/>, and the current buffers stay.
    /// </summary>
    public void LoadState(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count != _buffers.Length) throw new InvalidDataException($"momentum state for {count} parameters, not {_buffers.Length}");
        var loaded = new Tensor?[count];
        try
        {
            using var noGrad = no_grad();
            for (int i = 0; i < count; i++)
            {
                if (!reader.ReadBoolean()) continue;
                // Loading into a tensor of the parameter's type and shape checks both before any byte is read.
                loaded[i] = empty_like(_parameters[i]).DetachFromDisposeScope();
                TensorExtensionMethods.Load(loaded[i]!, reader);
            }
        }
        catch
        {
            foreach (var t in loaded) t?.Dispose();
            throw;
        }
        for (int i = 0; i < count; i++)
        {
            _buffers[i]?.Dispose();
            _buffers[i] = loaded[i];
        }
    }

    public void Dispose()
    {
        foreach (var b in _buffers) b?.Dispose();
    }
}
