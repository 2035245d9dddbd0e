namespace Nas.Execution;

/// <summary>
/// Wakes every waiter at once (the coordinator and local workers polling the store), so that in one process
/// a trial's hand-over costs no polling delay. Take <see cref="Signal"/> before looking at the store, then wait
/// on it: a ring in between is not missed. Across processes the poll interval does the same job, more slowly.
/// </summary>
public sealed class Doorbell
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A signal that never comes: waiting on it is a plain poll (no bell, as in a remote worker).</summary>
    public static Task Never { get; } = new TaskCompletionSource().Task;

    /// <summary>Completes at the next ring.</summary>
    public Task Signal => Volatile.Read(ref _next).Task;

    /// <summary>Completes the current <see cref="Signal"/>, waking everyone who waits on it.</summary>
    public void Ring() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="signal"/>, at most <paramref name="timeout"/>; returns early (without throwing) when cancelled.</summary>
    /// <param name="signal">A <see cref="Signal"/> taken before looking at the store.</param>
    /// <param name="timeout">The longest wait (the poll interval).</param>
    /// <param name="cancellationToken">Ends the wait early.</param>
    public static async Task WaitAsync(Task signal, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, cts.Token);
        await Task.WhenAny(signal, delay).ConfigureAwait(false);
        cts.Cancel();
    }
}
