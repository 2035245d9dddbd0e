using System.Runtime.InteropServices;

namespace Nas.Torch.Runtime;

/// <summary>
/// Keeps glibc's malloc from handing libtorch's large buffers back to the OS after every step.
/// By default buffers above 128 KiB are mmap'ed and munmap'ed on free, so each training step
/// page-faults its activations in again (about 30% of CPU time in the kernel, measured here).
/// Raising the mmap and trim thresholds and the top pad makes freed buffers stay in the heap for reuse.
/// Must run before the first tensor exists; Linux with glibc only; <c>NAS_NO_MALLOPT=1</c> opts out.
/// </summary>
public static class NativeAllocator
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_TOP_PAD = -2;
    private const int M_MMAP_THRESHOLD = -3;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);

    /// <summary>True once <see cref="Configure"/> has applied the settings in this process.</summary>
    public static bool Applied { get; private set; }

    /// <summary>Applies the settings unless opted out; returns whether they are in effect.</summary>
    public static bool Configure(bool enabled = true)
    {
        if (Applied) return true;
        if (!enabled || Environment.GetEnvironmentVariable("NAS_NO_MALLOPT") == "1" || !OperatingSystem.IsLinux()) return false;
        try
        {
            const int GiB = 1 << 30;
            bool ok = mallopt(M_MMAP_THRESHOLD, GiB) == 1
                    & mallopt(M_TRIM_THRESHOLD, GiB) == 1
                    & mallopt(M_TOP_PAD, 256 << 20) == 1;
            Applied = ok;
            return ok;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (musl, for example): nothing to tune
        }
    }
}
