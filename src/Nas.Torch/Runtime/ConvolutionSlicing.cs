using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Runtime;

/// <summary>
/// Runs the convolutions of networks that train on libtorch's own kernels on slices of their batch where the whole
/// batch would unfold into more than <see cref="UnfoldLimit"/>. Those kernels unfold a batch into one buffer; glibc
/// gives every thread but the process's first an arena whose heaps hold at most 64 MiB, and maps a larger buffer afresh
/// on every call (mapped, zero-filled, faulted in): a network with 5x5 convolutions of 24 channels at 28x28 trained 4-6x
/// slower on two replicas (docs/benchmarks.md). Each slice runs through the module (and its hooks); the module itself
/// then runs on no images and its forward hook hands back the slices' outputs, joined. Gradients flow through the join.
/// The convolutions oneDNN computes (it unfolds nothing) are left whole; <see cref="OwnKernelRoute"/> slices the ones it
/// routes to libtorch's own kernels itself.
/// </summary>
public sealed class ConvolutionSlicing : IDisposable
{
    // An unfolded input that fits a worker thread's malloc heap with room to spare.
    internal const long UnfoldLimit = 16L << 20;
    // The whole batch's output of the convolution this thread is running on slices, for its forward hook.
    [ThreadStatic] private static Dictionary<nn.Module, Tensor>? _joined;
    [ThreadStatic] private static bool _slicing;
    private readonly List<Action> _removers = [];

    /// <summary>
    /// Slices the convolutions of <paramref name="networks"/> (a network and its replicas) while the returned object
    /// lives, where they run on libtorch's own kernels: on the CPU with oneDNN off now. Null where it would change nothing.
    /// </summary>
    /// <param name="networks">The networks whose convolutions to slice.</param>
    /// <param name="device">Where they compute.</param>
    public static ConvolutionSlicing? WhereOwnKernels(IEnumerable<nn.Module> networks, Device device)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(device);
        return device.type == DeviceType.CPU && CpuKernels.OneDnnEnabled != true ? new ConvolutionSlicing(networks) : null;
    }

    internal ConvolutionSlicing(IEnumerable<nn.Module> networks)
    {
        var convolutions = networks.SelectMany(n => n.modules().Prepend(n)).Distinct()
            .Where(m => m is TorchSharp.Modules.Conv1d or TorchSharp.Modules.Conv2d or TorchSharp.Modules.Conv3d)
            .Cast<nn.Module<Tensor, Tensor>>();
        foreach (var convolution in convolutions)
        {
            _removers.Add(convolution.register_forward_pre_hook((_, input) => RunOnSlices(convolution, input) ?? input).remove);
            _removers.Add(convolution.register_forward_hook((_, _, output) => TakeJoined(convolution, out var whole) ? whole : output).remove);
        }
    }

    /// <summary>
    /// A pre-hook's part: where <paramref name="input"/> would unfold past the limit (and this thread is not inside a
    /// slice already), runs <paramref name="convolution"/> on slices of it (each through the module and its hooks), keeps
    /// the joined output for <see cref="TakeJoined"/> and returns the empty batch the module itself then runs on; else
    /// null, and the module runs on the whole input.
    /// </summary>
    internal static Tensor? RunOnSlices(nn.Module<Tensor, Tensor> convolution, Tensor input)
    {
        if (_slicing) return null;
        _joined?.Remove(convolution); // one a failed forward pass left
        long slice = SliceOf(convolution, input);
        if (slice >= input.shape[0]) return null;
        _slicing = true;
        Tensor whole;
        try { whole = cat(input.split(slice).Select(convolution.call).ToList(), 0); }
        finally { _slicing = false; }
        (_joined ??= [])[convolution] = whole;
        return input.narrow(0, 0, 0);
    }

    /// <summary>A forward hook's part: the joined output <see cref="RunOnSlices"/> kept for this call of the module on no images, if any.</summary>
    internal static bool TakeJoined(nn.Module convolution, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Tensor? whole)
    {
        whole = null;
        return !_slicing && _joined is not null && _joined.Remove(convolution, out whole);
    }

    /// <summary>How many convolution modules are sliced where their batch would unfold past the limit.</summary>
    public int Count => _removers.Count / 2;

    /// <summary>
    /// How many images of <paramref name="input"/> <paramref name="module"/> runs at once on libtorch's own kernels: all
    /// of them unless it is a convolution whose unfolded input would exceed <see cref="UnfoldLimit"/>, then as many as
    /// stay under it (at least one): in-channels per group x kernel taps x output positions x element size an image.
    /// </summary>
    internal static long SliceOf(nn.Module module, Tensor input)
    {
        long images = input.shape[0];
        if (module is not TorchSharp.Modules.Convolution convolution || input.dim() != convolution.kernel_size.Length + 2) return images;
        long perImage = convolution.in_channels / convolution.groups * input.ElementSize;
        for (int d = 0; d < convolution.kernel_size.Length; d++)
        {
            long stride = convolution.stride.Length > d ? Math.Max(1, convolution.stride[d]) : 1;
            perImage *= convolution.kernel_size[d] * ((input.shape[2 + d] + stride - 1) / stride);
        }
        return Math.Clamp(UnfoldLimit / Math.Max(1, perImage), 1, Math.Max(1, images));
    }

    /// <summary>Removes the hooks: the convolutions run whole again.</summary>
    public void Dispose()
    {
        foreach (var remove in _removers) remove();
        _removers.Clear();
    }
}
