namespace Nas.Cli.Commands;

/// <summary>
/// Checks <c>nas train</c>'s <c>--out</c> before any data is read or any epoch trained: a finished model there
/// is never overwritten unless asked, and a path that is a file or cannot be written is refused at once.
/// </summary>
internal static class TrainOutput
{
    private static readonly string[] Finished = ["result.json", "model.bin"];

    /// <param name="outDir">The output directory.</param>
    /// <param name="overwrite">Replace a finished model's files (<c>--overwrite</c>).</param>
    /// <param name="resuming">Continuing a run: its directory may already hold files.</param>
    public static void Prepare(string outDir, bool overwrite, bool resuming)
    {
        if (File.Exists(outDir)) throw new NasUserException($"--out: {outDir} is a file, not a directory");
        if (!overwrite && !resuming && Finished.FirstOrDefault(f => File.Exists(Path.Combine(outDir, f))) is { } found)
            throw new NasUserException($"{outDir} holds a finished model ({found}); choose another --out or add --overwrite");
        try
        {
            Directory.CreateDirectory(outDir);
            // A probe file: a directory can exist and still refuse writes (permissions, a read-only or virtual file system).
            string probe = Path.Combine(outDir, $".nas-write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new NasUserException($"--out: {outDir} cannot be written ({e.Message})");
        }
    }
}
