namespace Nas.Cli.Commands;

/// <summary>Checks, before any work and without creating anything, that an output directory can be made and written.</summary>
internal static class OutputDirectory
{
    /// <summary>Throws a one-line error naming <paramref name="option"/> when <paramref name="directory"/> is a file or cannot be written.</summary>
    public static void Check(string directory, string option = "--out")
    {
        var full = Path.GetFullPath(directory);
        if (File.Exists(full)) throw new NasUserException($"{option}: {directory} is a file, not a directory");
        // The nearest directory that exists must take a new file: that is where the rest will be made.
        var existing = full;
        while (!Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null || parent == existing) throw new NasUserException($"{option}: {directory} cannot be created (no existing parent directory)");
            if (File.Exists(parent)) throw new NasUserException($"{option}: {directory} cannot be created ({parent} is a file)");
            existing = parent;
        }
        var probe = Path.Combine(existing, $".nas-write-test-{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NasUserException($"{option}: cannot write in {existing}{(e is UnauthorizedAccessException ? " (permission denied)" : "")}");
        }
    }
}
