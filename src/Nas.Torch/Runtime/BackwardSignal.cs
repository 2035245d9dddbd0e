using static TorchSharp.torch;

namespace Nas.Torch.Runtime;

/// <summary>
/// The identity, whose backward pass calls an action: placed on a module's output, the action runs when the output's
/// gradient is complete, just before the module's backward pass; on its input, just after it.
/// </summary>
internal sealed class BackwardSignal : autograd.SingleTensorFunction<BackwardSignal>
{
    /// <summary><paramref name="x"/> as a new tensor whose backward pass calls <paramref name="action"/>.</summary>
    public static Tensor On(Tensor x, Action action) => apply(x, action);

    public override string Name => nameof(BackwardSignal);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        ctx.save_data("action", vars[1]);
        return ((Tensor)vars[0]).alias();
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        ((Action)ctx.get_data("action"))();
        return [grad_output, null!]; // none for the action
    }
}
