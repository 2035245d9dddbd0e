using Nas.Torch.Runtime;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class OutOfMemoryTests
{
    [Fact]
    public void Libtorchs_allocation_failure_becomes_one_line_with_the_size()
    {
        // A real allocation failure: 10^13 floats, 4 * 10^13 bytes.
        var error = Assert.ThrowsAny<Exception>(() => { using var t = empty(new long[] { 100_000, 100_000, 1_000 }); });
        Assert.True(OutOfMemory.TryDescribe(error, out var message), error.Message);
        Assert.Contains("out of memory (40000 GB for one tensor)", message);
        Assert.DoesNotContain('\n', message);
        Assert.False(OutOfMemory.TryDescribe(new InvalidOperationException("shape mismatch"), out _));
    }
}
