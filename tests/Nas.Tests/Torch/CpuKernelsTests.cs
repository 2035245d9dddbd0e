using Nas.Torch.Runtime;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

public class CpuKernelsTests
{
    [Fact]
    public void OneDnn_follows_the_zero_fill_and_can_be_switched()
    {
        // NAS_ONEDNN is not set in the test environment; the module initializer configured malloc.
        Assert.Equal(NativeAllocator.ZeroFills, CpuKernels.ApplyDefaults());
        try
        {
            Assert.True(CpuKernels.SetOneDnn(true));
            Assert.True(CpuKernels.OneDnnEnabled);
            Assert.False(CpuKernels.SetOneDnn(false));
            Assert.False(CpuKernels.OneDnnEnabled);
        }
        finally { CpuKernels.ApplyDefaults(); }
    }

    [SkippableFact]
    public void Allocations_are_zero_filled_on_linux()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the zero fill is glibc's malloc tuning, Linux only");
        Assert.True(NativeAllocator.ZeroFills);
        // A buffer that held NaN, freed and allocated again at the same size, must come back cleared.
        for (int i = 0; i < 20; i++)
        {
            using (var poisoned = full(new long[] { 37, 41 }, float.NaN)) { }
            using var fresh = empty(new long[] { 37, 41 });
            Assert.Equal(0, fresh.isnan().sum().item<long>());
        }
    }

    [Fact]
    public void OneDnn_and_native_convolutions_agree()
    {
        manual_seed(3);
        using var conv = nn.Conv2d(5, 7, 3, padding: 1, bias: false); // channel counts that oneDNN pads
        using var x = randn(4, 5, 11, 11);
        try
        {
            CpuKernels.SetOneDnn(false);
            using var native = conv.call(x);
            CpuKernels.SetOneDnn(true);
            for (int i = 0; i < 20; i++)
            {
                using var fast = conv.call(x);
                Assert.True(fast.allclose(native, rtol: 1e-4, atol: 1e-5));
            }
        }
        finally { CpuKernels.ApplyDefaults(); }
    }
}
