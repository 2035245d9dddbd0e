using Nas.Torch.Runtime;

namespace Nas.Tests.Torch;

public class TorchRuntimeTests
{
    [Fact]
    public void An_unknown_device_is_the_problem_alone_for_a_caller_to_name()
    {
        Assert.Equal(TorchSharp.DeviceType.CPU, TorchRuntime.ParseDevice(" CPU ").type);
        var e = Assert.Throws<NasUserException>(() => TorchRuntime.ParseDevice("tpu"));
        Assert.Equal("unknown device 'tpu' (use cpu or cuda)", e.Message);
    }
}
