using System.Text.Json.Nodes;
using Nas.Torch.Runtime;

namespace Nas.Torch.Search;

/// <summary>How this process runs libtorch, for the record of a search or a training.</summary>
internal static class RuntimeFacts
{
    /// <summary>Threads, the allocator tuning and the build's tensor backend.</summary>
    public static JsonObject Describe() => new()
    {
        ["threads"] = TorchSharp.torch.get_num_threads(),
        ["allocator_tuned"] = NativeAllocator.Applied,
        ["backend"] = BuildInfo.Backend,
    };
}
