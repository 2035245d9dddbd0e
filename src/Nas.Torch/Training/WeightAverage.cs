using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// An exponential moving average of a model's weights, kept beside it and updated after every step (timm's
/// <c>ModelEmaV2</c>): every parameter and floating-point buffer (batch-norm statistics) moves towards the model's,
/// <c>avg ← d_n·avg + (1 − d_n)·w</c>, other buffers are copied. The decay warms up as TensorFlow's
/// <c>ExponentialMovingAverage(num_updates)</c> does, <c>d_n = min(decay, (1 + n)/(10 + n))</c> at update n (from 0),
/// so early averages are not held back by the random initial weights and a short run still averages over its
/// last steps. The averages are owned here (freed by <see cref="Dispose"/>); the model's tensors are not.
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private const string FormatName = "EMA";
    private readonly Tensor[] _model;
    private readonly Tensor[] _averages;
    private readonly bool[] _floating;

    /// <summary>Starts the average at the model's current weights.</summary>
    /// <param name="model">The model whose parameters and buffers are averaged (on its device already).</param>
    /// <param name="decay">The decay once warmed up, in (0, 1).</param>
    public WeightAverage(nn.Module model, double decay)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(decay is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "must be in (0, 1)");
        Decay = decay;
        _model = model.parameters().Cast<Tensor>().Concat(model.buffers()).ToArray();
        _floating = _model.Select(t => t.is_floating_point()).ToArray();
        using var scope = NewDisposeScope(); // frees the detached views; the clones leave it
        using var noGrad = no_grad();
        _averages = _model.Select(t => t.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    /// <summary>The decay once warmed up.</summary>
    public double Decay { get; }

    /// <summary>The updates made so far.</summary>
    public long Updates { get; private set; }

    /// <summary>The averaged tensors: the model's parameters, then its buffers, in their order.</summary>
    public IReadOnlyList<Tensor> Averages => _averages;

    /// <summary>The decay of update <paramref name="update"/> (from 0): <c>min(decay, (1 + n)/(10 + n))</c>.</summary>
    /// <param name="update">n, the updates made before this one.</param>
    public double DecayAt(long update) => Math.Min(Decay, (1.0 + update) / (10.0 + update));

    /// <summary>Moves the average towards the model's current weights (after an optimiser step).</summary>
    public void Update()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        double decay = DecayAt(Updates);
        using var keep = decay.ToScalar();
        using var take = (1 - decay).ToScalar();
        for (int i = 0; i < _model.Length; i++)
        {
            if (_floating[i]) _averages[i].mul_(keep).add_(_model[i], take);
            else _averages[i].copy_(_model[i]);
        }
        Updates++;
    }

    /// <summary>Writes the averages into the model (it then holds the averaged weights).</summary>
    public void CopyToModel()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int i = 0; i < _model.Length; i++) _model[i].copy_(_averages[i]);
    }

    /// <summary>Exchanges the model's weights and the averages; twice restores both exactly (to measure the average in between).</summary>
    public void Swap()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (int i = 0; i < _model.Length; i++)
        {
            var held = _model[i].clone();
            _model[i].copy_(_averages[i]);
            _averages[i].copy_(held);
        }
    }

    /// <summary>Writes the decay, the update count and the averages, for a checkpoint.</summary>
    /// <param name="writer">Where the state goes.</param>
    public void Save(BinaryWriter writer)
    {
        writer.Write(FormatName);
        writer.Write(Decay);
        writer.Write(Updates);
        writer.Write(_averages.Length);
        foreach (var t in _averages) t.Save(writer);
    }

    /// <summary>Reads a state written by <see cref="Save"/> for the same model and decay; anything else is an <see cref="InvalidDataException"/>.</summary>
    /// <param name="reader">Where the state comes from.</param>
    public void Load(BinaryReader reader)
    {
        if (reader.ReadString() != FormatName) throw new InvalidDataException("not a weight average");
        double decay = reader.ReadDouble();
        if (decay != Decay) throw new InvalidDataException($"a weight average of decay {decay}, not {Decay}");
        long updates = reader.ReadInt64();
        if (updates < 0) throw new InvalidDataException($"{updates} updates");
        int count = reader.ReadInt32();
        if (count != _averages.Length) throw new InvalidDataException($"{count} averaged tensors where {_averages.Length} were expected");
        // Read into copies so that a damaged file leaves the averages as they were.
        var loaded = new Tensor[count];
        try
        {
            using var noGrad = no_grad();
            for (int i = 0; i < count; i++)
            {
                loaded[i] = _averages[i].clone().DetachFromDisposeScope();
                TensorExtensionMethods.Load(loaded[i], reader);
            }
        }
        catch
        {
            foreach (var t in loaded) t?.Dispose();
            throw;
        }
        for (int i = 0; i < count; i++)
        {
            _averages[i].Dispose();
            _averages[i] = loaded[i];
        }
        Updates = updates;
    }

    /// <summary>Frees the averages.</summary>
    public void Dispose()
    {
        foreach (var t in _averages) t.Dispose();
    }
}
