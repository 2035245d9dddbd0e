namespace Nas.Torch.Networks;

/// <summary>
/// How big to build a network whose size is not part of its architecture: the cell networks' initial
/// channels and number of cells, the auxiliary head, and the CIFAR or ImageNet layout. Macro
/// architectures carry their own sizes and accept none of these.
/// </summary>
/// <param name="Channels">C of the first cells (default 16, the DARTS search setting; the paper's CIFAR network uses 36).</param>
/// <param name="Layers">Number of cells (default 8; the paper uses 20).</param>
/// <param name="Auxiliary">Build the auxiliary head after cell 2·layers/3.</param>
/// <param name="Kind">cifar (one 3×3 stem, small images) or imagenet (two strided stems).</param>
public sealed record NetworkOptions(int? Channels = null, int? Layers = null, bool Auxiliary = false, NetworkKind Kind = NetworkKind.Cifar)
{
    /// <summary>Nothing set: each network's defaults.</summary>
    public static NetworkOptions Default { get; } = new();

    /// <summary>True when any option differs from <see cref="Default"/>.</summary>
    public bool IsSet => this != Default;
}
