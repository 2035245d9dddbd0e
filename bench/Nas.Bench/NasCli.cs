using System.Diagnostics;

namespace Nas.Bench;

/// <summary>
/// Finds the built <c>nas</c> command (nas.dll) for the benchmarks that run it as child processes: the
/// NAS_CLI environment variable, else the Release build in this repository, found from the bench's own
/// assembly. Children run under the same dotnet host as the bench.
/// </summary>
internal static class NasCli
{
    private const string RelativeBuild = "src/Nas.Cli/bin/Release/net10.0/nas.dll";

    /// <summary>The nas.dll to run, or null with the one-line reason in <paramref name="error"/>.</summary>
    public static string? Locate(out string error)
    {
        error = "";
        if (Environment.GetEnvironmentVariable("NAS_CLI") is { Length: > 0 } given)
        {
            if (File.Exists(given)) return Path.GetFullPath(given);
            error = $"error: NAS_CLI={given}: no such file (point it at a built nas.dll)";
            return null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!Directory.Exists(Path.Combine(dir.FullName, "src", "Nas.Cli"))) continue;
            string dll = Path.Combine(dir.FullName, RelativeBuild);
            if (File.Exists(dll)) return dll;
            error = $"error: {dll} is not built: run `cd {Path.Combine(dir.FullName, "src", "Nas.Cli")} && dotnet build -c Release` (or set NAS_CLI to a nas.dll)";
            return null;
        }
        error = $"error: nas.dll not found (no src/Nas.Cli above {AppContext.BaseDirectory}); set NAS_CLI to a built nas.dll";
        return null;
    }

    /// <summary>A start description for <c>dotnet nas.dll ARGS</c>, output redirected so it can be logged.</summary>
    public static ProcessStartInfo StartInfo(string nasDll, IEnumerable<string> arguments)
    {
        // The bench itself runs under the dotnet host; use the same one (PATH may lack it or hold another).
        string host = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(nasDll);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        return start;
    }
}
