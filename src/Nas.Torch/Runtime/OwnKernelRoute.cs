using static TorchSharp.torch;

namespace Nas.Torch.Runtime;

/// <summary>
/// Runs a few convolution modules on libtorch's own kernels while oneDNN computes the rest: oneDNN is switched off
/// around each of their forward passes (hooks) and around each of their backward passes (a
/// <see cref="BackwardSignal"/> on the output switches it off just before the convolution's backward pass, one on the
/// input back on just after). libtorch chooses a convolution's back-end from the process's switch when the
/// convolution runs, in the backward pass too. The switch is off while any thread is inside such a region, so
/// replicas training on other threads stay right; their other work that runs meanwhile is only slower.
/// A routed convolution whose batch would unfold into more than <see cref="ConvolutionSlicing.UnfoldLimit"/> runs on slices of
/// the batch, as <see cref="ConvolutionSlicing"/> runs them (a worker thread's malloc heap holds 64 MiB).
/// </summary>
internal sealed class OwnKernelRoute : IDisposable
{
    private static readonly object Gate = new();
    // Regions open now, in all threads and in this one (CPU autograd runs a backward pass on the thread that started it).
    private static int _open;
    [ThreadStatic] private static int _openHere;
    // Routes alive; when the last ends, every count restarts (a thread that has ended may have left one open).
    private static int _routes, _generation;
    [ThreadStatic] private static int _generationHere;
    private readonly List<Action> _removers = [];
    private bool _disposed;

    /// <param name="convolutions">The modules to run on libtorch's own kernels.</param>
    public OwnKernelRoute(IEnumerable<nn.Module<Tensor, Tensor>> convolutions)
    {
        lock (Gate) _routes++;
        foreach (var convolution in convolutions)
        {
            _removers.Add(convolution.register_forward_pre_hook((_, input) =>
            {
                // A forward pass never runs inside another region of its thread: one still open was left by a
                // backward pass that did not need a routed convolution's input gradient (autograd.grad of some parameters).
                CloseHere();
                // Each slice passes through these hooks (routed, gated); the module itself then runs on no images
                // and its forward hook hands back the slices' outputs, joined.
                if (ConvolutionSlicing.RunOnSlices(convolution, input) is { } none) return none;
                Enter();
                if (!is_grad_enabled()) return input;
                // The gate's backward must run after the convolution's, so it needs an input gradient (the images too).
                var tracked = input.requires_grad ? input : input.detach().requires_grad_(true);
                return BackwardSignal.On(tracked, Exit); // after the convolution's backward pass
            }).remove);
            _removers.Add(convolution.register_forward_hook((_, _, output) =>
            {
                if (ConvolutionSlicing.TakeJoined(convolution, out var whole)) return whole;
                Exit();
                return is_grad_enabled() && output.requires_grad ? BackwardSignal.On(output, Enter) : output; // before it
            }).remove);
        }
    }

    /// <summary>How many modules are routed.</summary>
    public int Count => _removers.Count / 2;

    /// <summary>The modules of <paramref name="network"/> with the names that <paramref name="modules"/> have in <paramref name="original"/> (to route a replica as its original).</summary>
    public static List<nn.Module<Tensor, Tensor>> Same(nn.Module original, IEnumerable<nn.Module<Tensor, Tensor>> modules, nn.Module network)
    {
        var names = original.named_modules().Where(m => modules.Contains(m.module)).Select(m => m.name).ToHashSet();
        return network.named_modules().Where(m => names.Contains(m.name)).Select(m => m.module).OfType<nn.Module<Tensor, Tensor>>().ToList();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var remove in _removers) remove();
        _removers.Clear();
        lock (Gate)
        {
            CloseHere();
            if (--_routes > 0) return;
            _generation++;
            if (_open == 0) return;
            _open = 0;
            CpuKernels.SetOneDnn(true);
        }
    }

    // This thread's count, restarted if it is from before the last restart.
    private static ref int OpenHere()
    {
        if (_generationHere != _generation) (_openHere, _generationHere) = (0, _generation);
        return ref _openHere;
    }

    private static void Enter()
    {
        lock (Gate)
        {
            OpenHere()++;
            if (_open++ == 0) CpuKernels.SetOneDnn(false);
        }
    }

    private static void Exit()
    {
        lock (Gate)
        {
            ref int here = ref OpenHere();
            if (here == 0) return;
            here--;
            if (--_open == 0) CpuKernels.SetOneDnn(true);
        }
    }

    private static void CloseHere()
    {
        lock (Gate)
        {
            ref int here = ref OpenHere();
            if (here == 0) return;
            _open -= here;
            here = 0;
            if (_open == 0) CpuKernels.SetOneDnn(true);
        }
    }
}
