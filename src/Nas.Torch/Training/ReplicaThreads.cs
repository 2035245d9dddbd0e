using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// Threads of their own for the replicas of a data-parallel step: <see cref="Run"/> calls an action for every replica
/// at once, replica 0 on the calling thread and each other on its dedicated thread, and returns when all are done.
/// Every thread, the caller's included while the threads exist, runs libtorch on one thread: two one-thread replicas
/// on the 2-core machine train small networks faster than one copy on libtorch's two threads (docs/benchmarks.md).
/// The pool's threads, not the thread pool's: a pool thread may inline work onto the caller and change its count.
/// </summary>
internal sealed class ReplicaThreads : IDisposable
{
    private readonly Thread[] _threads;
    private readonly SemaphoreSlim[] _start;
    private readonly SemaphoreSlim _done = new(0);
    private readonly Exception?[] _errors;
    private readonly int _callerThreads;
    private Action<int>? _action;
    private volatile bool _stopping;

    /// <param name="replicas">Replicas, at least 2 (the first runs on the caller).</param>
    public ReplicaThreads(int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 2);
        _callerThreads = get_num_threads();
        _errors = new Exception?[replicas];
        _start = Enumerable.Range(0, replicas).Select(_ => new SemaphoreSlim(0)).ToArray();
        _threads = Enumerable.Range(1, replicas - 1).Select(k => new Thread(() => Loop(k), 64 << 20) { IsBackground = true, Name = $"replica {k}" }).ToArray();
        set_num_threads(1);
        foreach (var t in _threads) t.Start();
    }

    /// <summary>Calls <paramref name="action"/>(k) for every replica k at once; rethrows the first replica's exception.</summary>
    public void Run(Action<int> action)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _action = action;
        Array.Clear(_errors);
        for (int k = 1; k < _start.Length; k++) _start[k].Release();
        try { action(0); }
        catch (Exception e) { _errors[0] = e; }
        for (int k = 1; k < _start.Length; k++) _done.Wait();
        _action = null;
        if (_errors.FirstOrDefault(e => e is not null) is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
    }

    private void Loop(int k)
    {
        set_num_threads(1);
        while (true)
        {
            _start[k].Wait();
            if (_stopping) return;
            try { _action!(k); }
            catch (Exception e) { _errors[k] = e; }
            finally { _done.Release(); }
        }
    }

    /// <summary>Ends the threads and gives the caller its libtorch threads back.</summary>
    public void Dispose()
    {
        if (_stopping) return;
        _stopping = true;
        for (int k = 1; k < _start.Length; k++) _start[k].Release();
        foreach (var t in _threads) t.Join();
        foreach (var s in _start) s.Dispose();
        _done.Dispose();
        set_num_threads(_callerThreads);
    }
}
