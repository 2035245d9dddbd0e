using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Networks;

/// <summary>
/// A network's parameter count as the DARTS reference reports it: <see cref="Network"/> leaves out
/// the auxiliary head (it only helps training and is dropped for inference), which is counted apart
/// in <see cref="Auxiliary"/>.
/// </summary>
/// <param name="Network">Parameters of the network without its auxiliary head.</param>
/// <param name="Auxiliary">Parameters of the auxiliary head (0 without one).</param>
public sealed record ParameterCount(long Network, long Auxiliary)
{
    /// <summary>Every parameter, the auxiliary head's included.</summary>
    public long Total => Network + Auxiliary;

    /// <summary><see cref="Network"/> in millions, the unit of DARTS's "param size" log line.</summary>
    public double NetworkMillions => Network / 1e6;

    /// <summary>Counts a module's parameters, setting apart those of its submodule <paramref name="auxiliary"/>.</summary>
    /// <param name="network">The whole network.</param>
    /// <param name="auxiliary">Its auxiliary head, or null.</param>
    public static ParameterCount Of(nn.Module network, nn.Module? auxiliary)
    {
        long total = Count(network);
        long aux = auxiliary is null ? 0 : Count(auxiliary);
        return new ParameterCount(total - aux, aux);
    }

    private static long Count(nn.Module module) => module.parameters().Sum(p => p.numel());

    /// <summary>The count in words: the network's parameters, in millions too, and the auxiliary head's apart.</summary>
    public override string ToString() =>
        $"{Network:N0} parameters ({NetworkMillions:F6} M)" + (Auxiliary > 0 ? $", auxiliary head {Auxiliary:N0}" : "");
}
