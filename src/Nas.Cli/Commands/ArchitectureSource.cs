using Nas.Architectures;

namespace Nas.Cli.Commands;

/// <summary>Reads the architecture named by <c>--arch</c>: a file written by a search (or by hand).</summary>
internal static class ArchitectureSource
{
    public static Architecture Load(string pathOrName)
    {
        if (!File.Exists(pathOrName))
            throw new NasUserException($"--arch: no file '{pathOrName}'");
        string json;
        try { json = File.ReadAllText(pathOrName); }
        catch (IOException e) { throw new NasUserException($"{pathOrName}: cannot read: {e.Message}"); }
        try { return Architecture.FromJson(json); }
        catch (NasUserException e) { throw new NasUserException($"{pathOrName}: {e.Message}", e); }
    }
}
