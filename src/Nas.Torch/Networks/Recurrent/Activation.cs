using Nas.Spaces.Recurrent;
using Nas.Torch.Runtime;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>The recurrent activations and combinations by name.</summary>
internal static class Activation
{
    public static Func<Tensor, Tensor> Of(string name) => name switch
    {
        RecurrentOps.Tanh => t => t.tanh(),
        RecurrentOps.Relu => t => t.relu(),
        RecurrentOps.Sigmoid => t => t.sigmoid(),
        RecurrentOps.Identity => t => t,
        _ => throw new NasUserException($"unknown recurrent activation '{name}' (known: {string.Join(", ", RecurrentOps.Activations)})"),
    };

    public static Func<Tensor, Tensor, Tensor> Combination(string name) => name switch
    {
        RecurrentOps.Add => (a, b) => a.add(b, HeldScalars.One),
        RecurrentOps.Mul => (a, b) => a * b,
        _ => throw new NasUserException($"unknown combination '{name}' (known: {string.Join(", ", RecurrentOps.Combinations)})"),
    };
}
