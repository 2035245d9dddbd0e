using System.Reflection;

namespace Nas.Torch.Runtime;

/// <summary>Which tensor backend package this build references (set by the TorchBackend build property).</summary>
internal static class BuildInfo
{
    public static string Backend =>
        typeof(BuildInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchBackend")?.Value ?? "cpu";
}
