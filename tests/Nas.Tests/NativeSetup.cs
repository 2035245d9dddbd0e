using System.Runtime.CompilerServices;
using Nas.Torch.Runtime;

namespace Nas.Tests;

/// <summary>Gives the tests the same CPU kernels as the CLI (oneDNN and NNPACK off), before any test runs.</summary>
internal static class NativeSetup
{
    [ModuleInitializer]
    internal static void Initialize() => CpuKernels.ApplyDefaults();
}
