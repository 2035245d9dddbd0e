using System.Runtime.InteropServices;

namespace Nas.Torch.Runtime;

/// <summary>
/// c10's allocator flag <c>caffe2_cpu_allocator_do_junk_fill</c>: while set, every new CPU tensor buffer (oneDNN's
/// buffers too: libtorch gives ideep its allocator) is filled with a NaN pattern, so any read of bytes nothing wrote
/// shows as NaN. TorchSharp has no binding; libc10 exports the flag as a plain <c>bool</c>.
/// </summary>
internal static class TensorPoison
{
    /// <summary>Sets the flag until the result is disposed; null where this libtorch has no such flag.</summary>
    public static IDisposable? Begin()
    {
        TorchSharp.torch.InitializeDeviceType(TorchSharp.DeviceType.CPU); // libc10 is loaded with libtorch
        if (!NativeLibrary.TryLoad("libc10.so", out var c10) && !NativeLibrary.TryLoad("c10", out c10)) return null;
        if (!NativeLibrary.TryGetExport(c10, "FLAGS_caffe2_cpu_allocator_do_junk_fill", out var flag)) return null;
        Marshal.WriteByte(flag, 1);
        return new Reset(flag);
    }

    private sealed class Reset(IntPtr flag) : IDisposable
    {
        public void Dispose() => Marshal.WriteByte(flag, 0);
    }
}
