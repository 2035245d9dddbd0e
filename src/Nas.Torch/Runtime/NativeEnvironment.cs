using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nas.Torch.Runtime;

/// <summary>
/// Environment settings libtorch reads when it loads, set through libc's setenv (.NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach the native
/// environment on Unix). A value the user already set always wins.
/// <list type="bullet">
/// <item><c>ONEDNN_MAX_CPU_ISA=AVX2</c>: oneDNN's AVX-512 convolution kernels bundled with libtorch 2.10
/// returned NaN for finite inputs and weights, in some processes and not others, on the AMD EPYC
/// machines here (a 3x3 convolution, 24 to 48 channels on 6x6 maps, after one SGD step: 4 of 10
/// processes failed; with AVX2 0 of 10). Capping oneDNN at AVX2 costs little on small CNNs and makes
/// training reliable; set <c>ONEDNN_MAX_CPU_ISA=ALL</c> to lift the cap.</item>
/// <item><c>TORCH_CPP_LOG_LEVEL=ERROR</c>: keeps libtorch's C++ warnings out of progress output.</item>
/// </list>
/// Runs when this assembly is first used (module initializer), and again harmlessly from
/// <see cref="TorchRuntime.Initialize"/>; it must happen before the first tensor exists.
/// </summary>
public static class NativeEnvironment
{
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);

    [ModuleInitializer]
    internal static void OnLoad() => Configure();

    public static void Configure()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            setenv("ONEDNN_MAX_CPU_ISA", "AVX2", 0);
            setenv("TORCH_CPP_LOG_LEVEL", "ERROR", 0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }
}
