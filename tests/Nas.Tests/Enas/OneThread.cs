using static TorchSharp.torch;

namespace Nas.Tests.Enas;

/// <summary>
/// Runs libtorch on one thread until disposed, then restores the thread count. The ENAS tests run many
/// tiny passes, which a shared, busy CPU slows down many times over when libtorch splits them across
/// threads; test classes run one at a time, so the switch touches no other test.
/// </summary>
internal sealed class OneThread : IDisposable
{
    private readonly int _before = get_num_threads();

    public OneThread() => set_num_threads(1);

    public void Dispose() => set_num_threads(_before);
}
