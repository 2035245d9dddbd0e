using System.Runtime.CompilerServices;
using Nas.Torch.Runtime;

// libtorch's global generator and kernel switches are process-wide: tests that seed or switch them
// must not interleave with others, so test classes run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Nas.Tests;

/// <summary>Gives the tests the same allocator and CPU kernels as the CLI, before any test runs.</summary>
internal static class NativeSetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        NativeAllocator.Configure();
        CpuKernels.ApplyDefaults();
    }
}
