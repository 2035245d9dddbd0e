using System.Runtime.CompilerServices;
using Nas.Torch.Runtime;

namespace Nas.Tests;

/// <summary>Sets libtorch's environment before any test creates a tensor, as the CLI does at start.</summary>
internal static class NativeSetup
{
    [ModuleInitializer]
    internal static void Initialize() => NativeEnvironment.Configure();
}
