using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Runtime;

/// <summary>Process-wide tensor settings: allocator, thread budget, device, seeding.</summary>
public static class TorchRuntime
{
    /// <summary>
    /// Prepares the process: allocator tuning (before any tensor), libtorch threads (0 keeps libtorch's
    /// default of one per core), and the CPU kernels (oneDNN only with zero-filled allocations, see <see cref="CpuKernels"/>).
    /// </summary>
    /// <param name="threads">libtorch threads; 0 keeps libtorch's default.</param>
    /// <param name="tuneAllocator">Tune the native allocator (<see cref="NativeAllocator"/>).</param>
    public static void Initialize(int threads = 0, bool tuneAllocator = true)
    {
        NativeAllocator.Configure(tuneAllocator);
        Threads = threads > 0 ? threads : Environment.ProcessorCount;
        // Setup (loading data, building networks) runs on one thread: every thread that runs a multi-threaded op keeps an
        // OpenMP team for good, and once the teams' threads outnumber the cores libgomp stops spinning between
        // parallel regions (see CpuKernels.OffThisThread). The loops that train take the threads with UseThreadsHere.
        torch.set_num_threads(1);
        // libtorch reads the thread count into each thread at its first parallel op: take it now on this thread, so
        // a count given to another thread later cannot reach this one.
        using (var one = torch.ones(4))
        using (one.sum()) { }
        CpuKernels.ApplyDefaults();
    }

    /// <summary>The libtorch threads the process was given (<see cref="Initialize"/>); 0 before it.</summary>
    public static int Threads { get; private set; }

    /// <summary>
    /// Gives the calling thread the process's libtorch threads (<see cref="Threads"/>); called where training or a
    /// search's loop starts, on the thread that runs it, so that only that thread forms a multi-threaded OpenMP team.
    /// Does nothing before <see cref="Initialize"/> (libtorch's defaults stand).
    /// </summary>
    public static void UseThreadsHere()
    {
        if (Threads > 0) torch.set_num_threads(Threads);
    }

    /// <summary>
    /// Parses <c>cpu</c> or <c>cuda[:n]</c>; CUDA needs a CUDA build of TorchSharp. An unknown or unavailable device is a
    /// <see cref="NasUserException"/> whose message is only the problem, so a caller can put the setting's name before it.
    /// </summary>
    /// <param name="name"><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (case and spaces ignored).</param>
    public static Device ParseDevice(string name)
    {
        name = name.Trim().ToLowerInvariant();
        if (name == "cpu") return CPU;
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new NasUserException($"CUDA is not available for '{name}' (this build uses the {BuildInfo.Backend} TorchSharp package; build with -p:TorchBackend=cuda on a machine with a GPU)");
            return torch.device(name);
        }
        throw new NasUserException($"unknown device '{name}' (use cpu or cuda)");
    }

    /// <summary>Seeds libtorch's global generator (weights init, dropout) for a deterministic CPU run.</summary>
    /// <param name="seed">The seed.</param>
    public static void Seed(int seed) => torch.manual_seed(seed);
}
