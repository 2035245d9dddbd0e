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
    public static void Initialize(int threads = 0, bool tuneAllocator = true)
    {
        NativeAllocator.Configure(tuneAllocator);
        if (threads > 0) torch.set_num_threads(threads);
        CpuKernels.ApplyDefaults();
    }

    /// <summary>Parses <c>cpu</c> or <c>cuda[:n]</c>; CUDA needs a CUDA build of TorchSharp.</summary>
    public static Device ParseDevice(string name)
    {
        name = name.Trim().ToLowerInvariant();
        if (name == "cpu") return CPU;
        if (name == "cuda" || name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new NasUserException($"--device {name}: CUDA is not available (this build uses the {BuildInfo.Backend} TorchSharp package; build with -p:TorchBackend=cuda on a machine with a GPU)");
            return torch.device(name);
        }
        throw new NasUserException($"--device: unknown device '{name}' (use cpu or cuda)");
    }

    /// <summary>Seeds libtorch's global generator (weights init, dropout) for a deterministic CPU run.</summary>
    public static void Seed(int seed) => torch.manual_seed(seed);
}
