using Nas.Spaces.Recurrent;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Recurrent;

/// <summary>The recurrent activations and combinations by name.</summary>
internal static class Activation
{
    // Held for the process: a + b would make a temporary Scalar that TorchSharp's finalizer may free
    // while the native add still reads it.
    private static readonly TorchSharp.Scalar One = TorchSharp.ScalarExtensionMethods.ToScalar(1);

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
        RecurrentOps.Add => (a, b) => a.add(b, One),
        RecurrentOps.Mul => (a, b) => a * b,
        _ => throw new NasUserException($"unknown combination '{name}' (known: {string.Join(", ", RecurrentOps.Combinations)})"),
    };
}
