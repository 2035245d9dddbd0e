using System.Runtime.InteropServices;

namespace Nas.Torch.Runtime;

/// <summary>
/// Tunes glibc's malloc for libtorch, once per process, before the first tensor exists.
/// <list type="bullet">
/// <item>Thresholds: by default buffers above 128 KiB are mmap'ed and munmap'ed on free, so each training
/// step page-faults its activations in again (about 30% of CPU time in the kernel, measured here). Raising
/// the mmap and trim thresholds and the top pad keeps freed buffers in the heap for reuse.</item>
/// <item>Zero fill (<c>M_PERTURB</c> 0xff: every allocation is cleared), applied by <see cref="FillAllocations"/>
/// where <see cref="CpuKernels"/> decides oneDNN needs it: on the AMD EPYC machines here libtorch 2.10's oneDNN
/// convolutions read uninitialised bytes (9–25% of fresh networks gave NaN; 0 of 300 with the fill). The fill costs
/// a third of the training throughput (a memset on every malloc and free), so it is not applied where it is not needed.</item>
/// </list>
/// Linux with glibc only; <c>NAS_NO_MALLOPT=1</c> opts out of both (and so leaves oneDNN on only where the
/// probe finds it exact).
/// </summary>
public static class NativeAllocator
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_TOP_PAD = -2;
    private const int M_MMAP_THRESHOLD = -3;
    private const int M_PERTURB = -6;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);

    /// <summary>True once <see cref="Configure"/> has applied the thresholds in this process.</summary>
    public static bool Applied { get; private set; }

    /// <summary>True once every allocation is zero-filled (see <see cref="FillAllocations"/>).</summary>
    public static bool ZeroFills { get; private set; }

    /// <summary>Applies the thresholds unless opted out; returns whether they are in effect.</summary>
    /// <param name="enabled">Apply the tuning; false leaves the allocator as it is.</param>
    public static bool Configure(bool enabled = true)
    {
        if (Applied) return true;
        if (!Allowed(enabled)) return false;
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

    /// <summary>
    /// Zero-fills every later allocation (glibc's <c>M_PERTURB</c>); returns whether that is in effect.
    /// Not available where the tuning is opted out (<c>NAS_NO_MALLOPT=1</c>) or malloc is not glibc's.
    /// </summary>
    public static bool FillAllocations()
    {
        if (ZeroFills) return true;
        if (!Allowed(true)) return false;
        try
        {
            // glibc fills each allocation with (perturb ^ 0xff), so 0xff clears it; freed chunks get 0xff.
            ZeroFills = mallopt(M_PERTURB, 0xff) == 1;
            return ZeroFills;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Ends the zero fill (tests restore the process they found).</summary>
    internal static void StopFilling()
    {
        if (ZeroFills && mallopt(M_PERTURB, 0) == 1) ZeroFills = false;
    }

    private static bool Allowed(bool enabled) =>
        enabled && Environment.GetEnvironmentVariable("NAS_NO_MALLOPT") != "1" && OperatingSystem.IsLinux();
}
