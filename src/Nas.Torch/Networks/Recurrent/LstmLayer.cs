using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>
/// TorchSharp's fused <c>nn.LSTM</c> (one layer) as a <see cref="RecurrentCell"/>, the baseline the searched
/// cells are compared with. The state is <c>[h, c]</c>. It takes no hidden-state dropout (the fused kernel has
/// no hook for one); the model's embedding, input and output dropouts apply to it as to any cell.
/// </summary>
public sealed class LstmLayer : RecurrentCell
{
    private readonly LSTM lstm;

    /// <param name="inputSize">Size of x_t.</param>
    /// <param name="hiddenSize">Size of h and of c.</param>
    public LstmLayer(int inputSize, int hiddenSize) : base(nameof(LstmLayer), inputSize, hiddenSize, 2 * hiddenSize)
    {
        lstm = nn.LSTM(inputSize, hiddenSize);
        RegisterComponents();
    }

    /// <summary>Runs the cell over a window: inputs [T, B, in] and the state [B, StateSize] give the outputs [T, B, hidden] and the state after the last step.</summary>
    /// <param name="inputs">x over the window, [T, B, in].</param>
    /// <param name="state">The state before the window, [B, StateSize].</param>
    public override (Tensor Output, Tensor State) forward(Tensor inputs, Tensor state)
    {
        var h0 = state.narrow(1, 0, HiddenSize).unsqueeze(0).contiguous();
        var c0 = state.narrow(1, HiddenSize, HiddenSize).unsqueeze(0).contiguous();
        var (output, h, c) = lstm.call(inputs, (h0, c0));
        return (output, cat(new[] { h.squeeze(0), c.squeeze(0) }, 1));
    }
}
