using TorchSharp;

namespace Nas.Tests.Recurrent;

/// <summary>
/// Runs libtorch on one thread until disposed. Recurrent models issue many tiny ops per time step; on the
/// shared 2-core machine two OpenMP threads made them about ten times slower than one.
/// </summary>
internal sealed class SingleThread : IDisposable
{
    private readonly int _threads = torch.get_num_threads();

    public SingleThread() => torch.set_num_threads(1);

    public void Dispose() => torch.set_num_threads(_threads);
}
