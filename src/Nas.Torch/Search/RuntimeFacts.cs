using System.Text.Json.Nodes;
using Nas.Torch.Runtime;

namespace Nas.Torch.Search;

/// <summary>How this process runs libtorch, for the record of a search or a training.</summary>
internal static class RuntimeFacts
{
    /// <summary>Threads, the allocator tuning, the convolution kernels (and why; whether a network trained alone may have oneDNN) and the build's tensor backend.</summary>
    public static JsonObject Describe() => new()
    {
        ["threads"] = TorchRuntime.Threads > 0 ? TorchRuntime.Threads : TorchSharp.torch.get_num_threads(),
        ["allocator_tuned"] = NativeAllocator.Applied,
        ["zero_fill"] = NativeAllocator.ZeroFills,
        ["onednn"] = CpuKernels.OneDnnEnabled,
        ["cpu_kernels"] = CpuKernels.Reason,
        ["onednn_per_network"] = CpuKernels.AdmitsPerNetwork,
        ["backend"] = BuildInfo.Backend,
    };
}
