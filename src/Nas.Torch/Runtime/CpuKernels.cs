using System.Runtime.InteropServices;
using TorchSharp;

namespace Nas.Torch.Runtime;

/// <summary>
/// Chooses libtorch's CPU convolution back-ends, as <c>torch.backends.mkldnn.enabled</c> and
/// <c>torch.backends.nnpack.enabled</c> do in PyTorch. TorchSharp has no binding for them, so this calls
/// <c>at::Context::setUserEnabledMkldnn</c> / <c>setUserEnabledNNPACK</c> in libtorch_cpu directly.
/// <list type="bullet">
/// <item>oneDNN on when <see cref="NativeAllocator.ZeroFills"/>, off otherwise: libtorch 2.10's bundled
/// oneDNN 3.7.1 convolutions read uninitialised bytes of their buffers, so without zero-filled allocations
/// a convolution with finite inputs and weights returned NaN at random (9–25% of fresh networks on the AMD
/// EPYC machines here, whatever the ISA cap or thread count). libtorch's own im2col + BLAS convolutions are
/// exact but about half as fast (docs/benchmarks.md). <c>NAS_ONEDNN=1</c> or <c>=0</c> forces the choice.</item>
/// <item>NNPACK off: it does not support these CPUs and printed a warning on every batch-of-one call.</item>
/// </list>
/// </summary>
public static class CpuKernels
{
    [DllImport("torch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("torch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("torch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    /// <summary>Whether oneDNN kernels are in use now; null when it cannot be told.</summary>
    public static bool? OneDnnEnabled => Call(UserEnabledMkldnn);

    /// <summary>
    /// The project's defaults: NNPACK off; oneDNN on exactly when allocations are zero-filled, unless
    /// <c>NAS_ONEDNN</c> is <c>1</c> or <c>0</c>. Returns whether oneDNN is on.
    /// </summary>
    public static bool? ApplyDefaults()
    {
        Call(c => { SetUserEnabledNnpack(c, false); return true; });
        return SetOneDnn(Environment.GetEnvironmentVariable("NAS_ONEDNN") switch
        {
            "1" => true,
            "0" => false,
            _ => NativeAllocator.ZeroFills,
        });
    }

    /// <summary>Turns oneDNN on or off for the whole process; returns the state in effect.</summary>
    /// <param name="enabled">On or off.</param>
    public static bool? SetOneDnn(bool enabled) => Call(c =>
    {
        SetUserEnabledMkldnn(c, enabled);
        return UserEnabledMkldnn(c);
    });

    private static bool? Call(Func<IntPtr, bool> action)
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU); // loads libtorch if it is not yet
            return action(GlobalContext());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null; // a libtorch without these exports: leave it as it is
        }
    }
}
