using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Runtime;

/// <summary>
/// Chooses libtorch's CPU convolution back-ends, as <c>torch.backends.mkldnn.enabled</c> and
/// <c>torch.backends.nnpack.enabled</c> do in PyTorch. TorchSharp has no binding for them, so this calls
/// <c>at::Context::setUserEnabledMkldnn</c> / <c>setUserEnabledNNPACK</c> in libtorch_cpu directly.
/// <list type="bullet">
/// <item>oneDNN on: about twice as fast as libtorch's own im2col + BLAS convolutions (docs/benchmarks.md). But on
/// the AMD EPYC machines here libtorch 2.10's bundled oneDNN 3.7.1 convolutions read uninitialised bytes, so a
/// convolution with finite inputs and weights returned NaN at random (9–25% of fresh networks) unless every
/// allocation was zero-filled (<see cref="NativeAllocator.FillAllocations"/>), which costs about a third of the
/// throughput. So the fill is applied only where it is needed: on other CPUs when <see cref="OneDnnProbe"/> finds a
/// convolution that reads poisoned bytes, and on AMD CPUs always (the probe has not been shown to catch what was
/// seen there). Without the fill where it is needed, oneDNN stays off. And on those AMD machines oneDNN also computed
/// wrong numbers, fill or not: 20 to 50% off for most convolutions with 20 input channels
/// (<see cref="OneDnnProbe.AgreementCases"/>). So before anything else oneDNN is compared with libtorch's own kernels
/// on those shapes, and stays off where they disagree.</item>
/// <item><c>NAS_ONEDNN=1</c> or <c>=0</c> forces oneDNN; <c>NAS_ZERO_FILL=malloc</c> or <c>=none</c> forces the fill
/// (for measurements).</item>
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

    private static bool? _defaultOneDnn;
    // The convolution oneDNN was found to get wrong, while that keeps it off; null otherwise.
    private static string? _wrongConvolution;

    /// <summary>Whether oneDNN kernels are in use now; null when it cannot be told.</summary>
    public static bool? OneDnnEnabled => Call(UserEnabledMkldnn);

    /// <summary>Why the defaults are what they are (for a run's record); null before <see cref="ApplyDefaults"/>.</summary>
    public static string? Reason { get; private set; }

    /// <summary>
    /// The project's defaults (see the type's remarks), decided once per process: NNPACK off; oneDNN on unless it
    /// would need the zero fill and that is not available. Returns whether oneDNN is on.
    /// </summary>
    public static bool? ApplyDefaults()
    {
        Call(c => { SetUserEnabledNnpack(c, false); return true; });
        _defaultOneDnn ??= Decide();
        return SetOneDnn(_defaultOneDnn.Value);
    }

    private static bool Decide()
    {
        bool? forced = Environment.GetEnvironmentVariable("NAS_ONEDNN") switch { "1" => true, "0" => false, _ => null };
        string? fill = Environment.GetEnvironmentVariable("NAS_ZERO_FILL");
        if (fill == "malloc") NativeAllocator.FillAllocations(); // also with oneDNN off, for side-by-side measurements
        if (forced == false) { Reason = "oneDNN off (NAS_ONEDNN=0)"; return false; }
        // Wrong numbers are worse than slow ones: where oneDNN's convolutions do not match libtorch's own, it stays off.
        if (forced != true && Disagreement() is { } wrong)
        {
            Reason = $"oneDNN off: it computes wrong convolutions here ({wrong})";
            _wrongConvolution = wrong;
            return false;
        }
        string? need = fill switch { "malloc" => "NAS_ZERO_FILL=malloc", "none" => null, _ => NeedsFill() };
        if (need is null)
        {
            Reason = fill == "none" ? "oneDNN on without the zero fill (NAS_ZERO_FILL=none)" : "oneDNN on; the probe found no read of unwritten memory, so no zero fill";
            return true;
        }
        if (NativeAllocator.FillAllocations()) { Reason = $"{need}; oneDNN on with zero-filled allocations"; return true; }
        Reason = $"{need}; the fill is not available, " + (forced == true ? "oneDNN on anyway (NAS_ONEDNN=1)" : "so oneDNN off");
        return forced == true;
    }

    /// <summary>
    /// Whether this process trains one network at a time, so that <see cref="AdmitOneDnnFor(nn.Module{Tensor, Tensor}, long[])"/> may switch oneDNN on
    /// for it (the switch is the process's: a network trained beside it would get it too). The command-line program
    /// sets it; a library user who trains networks side by side in one process leaves it off.
    /// </summary>
    public static bool OneNetworkAtATime { get; set; }

    /// <summary>
    /// Whether a network trained alone (<c>nas train</c>'s, <c>nas auto</c>'s, a trial of a search with one worker)
    /// may now have oneDNN admitted for it (<see cref="AdmitOneDnnFor(nn.Module{Tensor, Tensor}, long[])"/>): this
    /// process trains <see cref="OneNetworkAtATime"/> and oneDNN is off because it computes some convolution wrong here.
    /// </summary>
    public static bool AdmitsPerNetwork => OneNetworkAtATime && _wrongConvolution is not null && OneDnnEnabled == false;

    /// <summary>
    /// For the one network a run is about to train (<c>nas train</c>, the final training and the candidates of
    /// <c>nas auto</c>): where oneDNN is off because it computes some convolutions wrong on this machine, and the
    /// process trains <see cref="OneNetworkAtATime"/>, turns it on until the returned object is disposed. Each of this
    /// network's convolutions is compared with libtorch's own kernels at this network's shapes, forward and backward
    /// (<see cref="OneDnnProbe.Disagreements(nn.Module, Func{Tensor, Tensor}, long[], int)"/>); those that differ run on
    /// libtorch's own kernels (<see cref="OwnKernelRoute"/>), in the network and in the replicas built through
    /// <see cref="OneDnnAdmission.Replicating"/>. <see cref="Reason"/> says which. Elsewhere it changes nothing.
    /// </summary>
    /// <param name="network">The network to train.</param>
    /// <param name="example">One input's shape, without the batch ([C, H, W]).</param>
    public static OneDnnAdmission AdmitOneDnnFor(nn.Module<Tensor, Tensor> network, long[] example) =>
        AdmitOneDnnFor(network, network.call, example);

    /// <summary>
    /// <see cref="AdmitOneDnnFor(nn.Module{Tensor, Tensor}, long[])"/> for a network whose forward pass takes more
    /// than the images (a DARTS or SNAS supernet and its op weights): <paramref name="forward"/> runs it on a batch of
    /// images and must reach every convolution its training runs.
    /// </summary>
    /// <param name="network">The network to train.</param>
    /// <param name="forward">Its forward pass on a batch of images.</param>
    /// <param name="example">One input's shape, without the batch ([C, H, W]).</param>
    public static OneDnnAdmission AdmitOneDnnFor(nn.Module network, Func<Tensor, Tensor> forward, long[] example)
    {
        var (applies, count, wrong) = Check(network, forward, example, all: true);
        if (applies is null || SetOneDnn(true) != true) return OneDnnAdmission.Unchanged;
        string? before = Reason;
        var modules = wrong.Select(w => w.Module).ToList();
        Reason = modules.Count == 0
            ? $"oneDNN on for this network: its {count} distinct convolution(s) agree with libtorch's own, forward and backward " +
              $"(oneDNN computes others wrong here: {_wrongConvolution})"
            : $"oneDNN on for this network but for {modules.Count} convolution module(s) it computes wrong, which run on libtorch's own kernels " +
              $"({wrong[0].Why}; {count} distinct convolution(s) checked)";
        return new OneDnnAdmission(network, modules, () =>
        {
            SetOneDnn(false);
            Reason = before;
        });
    }

    /// <summary>
    /// Whether <see cref="AdmitOneDnnFor(nn.Module{Tensor, Tensor}, long[])"/> would route none of
    /// <paramref name="network"/>'s convolutions: null where it would change nothing for any network (oneDNN already
    /// decided for the whole process, or the network has no convolution), else whether all of this network's
    /// convolutions agree. Nothing is switched.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="example">One input's shape, without the batch ([C, H, W]).</param>
    public static bool? Admits(nn.Module<Tensor, Tensor> network, long[] example)
    {
        var (applies, _, wrong) = Check(network, network.call, example, all: false);
        return applies is null ? null : wrong.Count == 0;
    }

    // Null where admission does not apply; else the distinct convolutions and those oneDNN gets wrong (the first only, unless all).
    private static (bool? Applies, int Count, IReadOnlyList<(nn.Module<Tensor, Tensor> Module, string Why)> Wrong) Check(
        nn.Module network, Func<Tensor, Tensor> forward, long[] example, bool all)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(example);
        if (!AdmitsPerNetwork) return (null, 0, []);
        try
        {
            var (count, wrong) = OnProbeThread(() => OneDnnProbe.Examine(network, forward, example, 0, all));
            if (count == 0) return (null, 0, []); // nothing oneDNN would speed up
            return (true, count, wrong);
        }
        catch (NotSupportedException) { return (null, 0, []); }
    }

    private sealed class Unchanged : IDisposable
    {
        public static readonly Unchanged Instance = new();
        public void Dispose() { }
    }

    private sealed class Restored(Action restore) : IDisposable
    {
        private Action? _restore = restore;

        public void Dispose()
        {
            _restore?.Invoke();
            _restore = null;
        }
    }

    /// <summary>Where oneDNN's convolutions differ from libtorch's own on this machine (<see cref="OneDnnProbe.FirstDisagreement(IEnumerable{OneDnnProbe.Case}?, int)"/>), or null.</summary>
    private static string? Disagreement()
    {
        try { return OnProbeThread(() => OneDnnProbe.FirstDisagreement()); }
        catch (NotSupportedException) { return null; } // oneDNN cannot be switched: nothing to choose
    }

    // A probe with the threads the run will use (which kernels oneDNN picks may depend on them), on a thread that ends
    // with it; after TorchRuntime.Initialize the process's count stays one outside the loops that train.
    private static T OnProbeThread<T>(Func<T> probe)
    {
        int threads = TorchRuntime.Threads;
        return OffThisThread(() =>
        {
            if (threads > 0) torch.set_num_threads(threads);
            try { return probe(); }
            finally { if (threads > 0) torch.set_num_threads(1); }
        });
    }

    /// <summary>Why oneDNN needs the zero fill on this machine, or null when it does not.</summary>
    private static string? NeedsFill()
    {
        string? vendor = CpuVendor();
        if (vendor is "AuthenticAMD" or null) return $"CPU vendor {vendor ?? "unknown"}: oneDNN read uninitialised memory on AMD EPYC";
        if (SetOneDnn(true) != true) return "oneDNN could not be switched on for the probe";
        try
        {
            string? failed = OnProbeThread(() => OneDnnProbe.FirstNonFinite());
            return failed is null ? null : $"the probe's {failed} read unwritten memory";
        }
        catch (NotSupportedException e) { return $"the probe cannot run ({e.Message})"; }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a thread of its own that ends with it. Each thread that runs a multi-threaded
    /// libtorch op keeps an OpenMP team of its own, and libgomp counts every team's threads: once they outnumber the
    /// cores, every waiting OpenMP thread sleeps after about 100 spins instead of 300,000, and each parallel region
    /// then pays for futex wake-ups (measured: 914,000 context switches in a 2-minute DARTS search step against
    /// PyTorch's 4,000). A team ends with its thread, so work done before the run (the probe) must not leave one on
    /// the main thread.
    /// </summary>
    internal static T OffThisThread<T>(Func<T> work)
    {
        T result = default!;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e); }
        }, maxStackSize: 16 << 20) { IsBackground = true, Name = "nas probe" };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }

    /// <summary>The CPU's vendor string from /proc/cpuinfo (GenuineIntel, AuthenticAMD); null where unknown.</summary>
    public static string? CpuVendor()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
                if (line.StartsWith("vendor_id", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
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
