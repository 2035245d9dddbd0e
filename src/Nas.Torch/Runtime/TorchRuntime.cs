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
        if (threads > 0) torch.set_num_threads(threads);
        CpuKernels.ApplyDefaults();
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
