using Nas.Torch.Runtime;

namespace Nas.Tests.Torch;

public class CpuKernelsTests
{
    [Fact]
    public void OneDnn_can_be_switched_and_is_off_by_default()
    {
        Assert.False(CpuKernels.ApplyDefaults()); // NAS_ONEDNN is not set in the test environment
        Assert.True(CpuKernels.SetOneDnn(true));
        Assert.True(CpuKernels.OneDnnEnabled);
        Assert.False(CpuKernels.SetOneDnn(false));
        Assert.False(CpuKernels.OneDnnEnabled);
    }
}
