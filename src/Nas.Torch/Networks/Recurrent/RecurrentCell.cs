using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>
/// One recurrent layer run over a sequence: <c>(inputs [T, B, in], state [B, StateSize]) → (outputs [T, B, Hidden], state)</c>.
/// The state holds <c>h</c> (DAG cell) or <c>h</c> and <c>c</c> side by side (tree cell, LSTM).
/// </summary>
public abstract class RecurrentCell : nn.Module<Tensor, Tensor, (Tensor Output, Tensor State)>
{
    protected RecurrentCell(string name, int inputSize, int hiddenSize, int stateSize) : base(name)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        StateSize = stateSize;
    }

    public int InputSize { get; }
    public int HiddenSize { get; }
    public int StateSize { get; }

    /// <summary>A zero state for a batch.</summary>
    public Tensor InitialState(long batch, Device? device = null) => zeros(new[] { batch, (long)StateSize }, device: device);

    /// <summary>A variational dropout mask [B, size], scaled by 1/keep, or null when not training or p is 0.</summary>
    protected Tensor? Mask(long batch, long size, double p, Device device)
    {
        if (!training || !(p > 0)) return null;
        using var keep = (1 - p).ToScalar(); // held to the end: a temporary Scalar may be freed mid-call
        return empty(new[] { batch, size }, device: device).bernoulli_(1 - p).div_(keep);
    }
}
