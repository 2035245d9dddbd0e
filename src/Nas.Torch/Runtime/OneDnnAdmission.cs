using static TorchSharp.torch;

namespace Nas.Torch.Runtime;

/// <summary>
/// What <see cref="CpuKernels.AdmitOneDnnFor(nn.Module{Tensor, Tensor}, long[])"/> did for one network: whether it
/// turned oneDNN on, and which of the network's convolution modules it routed to libtorch's own kernels
/// (<see cref="OwnKernelRoute"/>). Disposing it restores the process's choice.
/// </summary>
public sealed class OneDnnAdmission : IDisposable
{
    private readonly nn.Module? _network;
    private readonly IReadOnlyList<nn.Module<Tensor, Tensor>> _routed;
    private readonly List<OwnKernelRoute> _routes = [];
    private Action? _restore;

    internal OneDnnAdmission(nn.Module? network, IReadOnlyList<nn.Module<Tensor, Tensor>> routed, Action? restore)
    {
        _network = network;
        _routed = routed;
        _restore = restore;
        if (routed.Count > 0) _routes.Add(new OwnKernelRoute(routed));
    }

    /// <summary>Nothing changed.</summary>
    internal static OneDnnAdmission Unchanged => new(null, [], null);

    /// <summary>How many of the network's convolution modules run on libtorch's own kernels.</summary>
    public int Routed => _routed.Count;

    /// <summary>
    /// <paramref name="build"/> (the factory of the network's replicas, or null), made to route each replica's
    /// convolutions as the network's: replicas train beside it, under the same process-wide switch.
    /// </summary>
    /// <param name="build">Builds a replica of the network.</param>
    public Func<nn.Module<Tensor, Tensor>>? Replicating(Func<nn.Module<Tensor, Tensor>>? build) =>
        build is null || _routed.Count == 0 ? build : () =>
        {
            var replica = build();
            lock (_routes) _routes.Add(new OwnKernelRoute(OwnKernelRoute.Same(_network!, _routed, replica)));
            return replica;
        };

    /// <summary>Removes the routes and restores the process's choice of kernels.</summary>
    public void Dispose()
    {
        lock (_routes)
        {
            foreach (var route in _routes) route.Dispose();
            _routes.Clear();
        }
        _restore?.Invoke();
        _restore = null;
    }
}
