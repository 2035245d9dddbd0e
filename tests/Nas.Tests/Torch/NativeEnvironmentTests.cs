using System.Runtime.InteropServices;
using Nas.Torch.Runtime;

namespace Nas.Tests.Torch;

public class NativeEnvironmentTests
{
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv(string name);

    [Fact]
    public void OneDnn_is_capped_at_avx2_in_the_native_environment()
    {
        if (!OperatingSystem.IsLinux()) return;
        NativeEnvironment.Configure();
        var value = Marshal.PtrToStringAnsi(getenv("ONEDNN_MAX_CPU_ISA"));
        Assert.NotNull(value); // AVX2 unless the user chose a value, which wins
        if (Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") is null) Assert.Equal("AVX2", value);
    }
}
