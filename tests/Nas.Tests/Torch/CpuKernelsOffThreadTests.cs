using Nas.Torch.Runtime;

namespace Nas.Tests.Torch;

public class CpuKernelsOffThreadTests
{
    [Fact]
    public void Work_off_this_thread_runs_on_another_thread_that_ends_and_gives_back_its_result_or_its_exception()
    {
        int caller = Environment.CurrentManagedThreadId;
        Thread? worker = null;
        int result = CpuKernels.OffThisThread(() => { worker = Thread.CurrentThread; return Environment.CurrentManagedThreadId; });
        Assert.NotEqual(caller, result);
        Assert.False(worker!.IsAlive); // its OpenMP team ends with it
        var e = Assert.Throws<InvalidOperationException>(() => CpuKernels.OffThisThread<int>(() => throw new InvalidOperationException("probe failed")));
        Assert.Equal("probe failed", e.Message);
    }
}
