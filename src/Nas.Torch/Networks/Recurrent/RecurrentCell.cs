using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>
/// One recurrent layer run over a sequence: <c>(inputs [T, B, in], state [B, StateSize]) → (outputs [T, B, Hidden], state)</c>.
/// The state holds <c>h</c> (DAG cell) or <c>h</c> and <c>c</c> side by side (tree cell, LSTM).
/// </summary>
public abstract class RecurrentCell : nn.Module<Tensor, Tensor, (Tensor Output, Tensor State)>
{
    /// <param name="name">The module's name.</param>
    /// <param name="inputSize">Size of x_t.</param>
    /// <param name="hiddenSize">Size of the output h.</param>
    /// <param name="stateSize">Size of the state carried between windows.</param>
    protected RecurrentCell(string name, int inputSize, int hiddenSize, int stateSize) : base(name)
    {
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        StateSize = stateSize;
    }

    /// <summary>Size of each input x_t.</summary>
    public int InputSize { get; }
    /// <summary>Size of each output h_t.</summary>
    public int HiddenSize { get; }
    /// <summary>Size of the state carried from one window to the next (h, or h and c).</summary>
    public int StateSize { get; }

    /// <summary>A zero state for a batch.</summary>
    /// <param name="batch">B, the sequences.</param>
    /// <param name="device">Where the state goes (null: the CPU).</param>
    public Tensor InitialState(long batch, Device? device = null) => zeros(new[] { batch, (long)StateSize }, device: device);

    /// <summary>A variational dropout mask [B, size], scaled by 1/keep, or null when not training or p is 0.</summary>
    /// <param name="batch">B.</param>
    /// <param name="size">The masked vector's size.</param>
    /// <param name="p">The drop probability.</param>
    /// <param name="device">Where the mask goes.</param>
    protected Tensor? Mask(long batch, long size, double p, Device device)
    {
        if (!training || !(p > 0)) return null;
        using var keep = (1 - p).ToScalar(); // held to the end: a temporary Scalar may be freed mid-call
        return empty(new[] { batch, size }, device: device).bernoulli_(1 - p).div_(keep);
    }
}
