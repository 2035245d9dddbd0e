namespace Nas.Search;

/// <summary>Checks, before any work and without creating anything, that a directory can be made (or used) and written.</summary>
public static class OutputDirectory
{
    /// <summary>Throws <see cref="OutputDirectoryException"/> when <paramref name="directory"/> is a file or cannot be written.</summary>
    public static void Check(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (File.Exists(full)) throw new OutputDirectoryException(directory, "is a file, not a directory");
        // The nearest directory that exists must take a new file: that is where the rest will be made.
        var existing = full;
        while (!Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null || parent == existing) throw new OutputDirectoryException(directory, "cannot be created (no existing parent directory)");
            if (File.Exists(parent)) throw new OutputDirectoryException(directory, $"cannot be created ({parent} is a file)");
            existing = parent;
        }
        var probe = Path.Combine(existing, $".nas-write-check-{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The system's own words ("could not find file" under /proc) mislead more than they tell.
            throw new OutputDirectoryException(directory, $"cannot be written ({(e is UnauthorizedAccessException ? "permission denied" : "the file system takes no new file")}{(existing == full ? "" : $" in {existing}")})");
        }
    }
}
