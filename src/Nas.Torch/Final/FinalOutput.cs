namespace Nas.Torch.Final;

/// <summary>
/// The files a finished training leaves in its directory, and the checks made before any data is read: a finished
/// model is never overwritten unless asked, and a path that is a file or cannot be written is refused at once.
/// </summary>
public static class FinalOutput
{
    /// <summary>The trained weights (TorchSharp's format).</summary>
    public const string Model = "model.bin";

    /// <summary>The test figures, the recipe and the learning curve (JSON).</summary>
    public const string Result = "result.json";

    /// <summary>The architecture trained (JSON), when there is one.</summary>
    public const string Architecture = "architecture.json";

    /// <summary>The checkpoint kept after every epoch until the run ends.</summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>
    /// Checks, creating nothing, that <paramref name="directory"/> can take the run's files:
    /// <see cref="Nas.Search.OutputDirectoryException"/> for a file or a directory that cannot be written,
    /// <see cref="FinishedModelException"/> when it holds a finished model and <paramref name="overwrite"/> is false
    /// (a resumed run may find its own files).
    /// </summary>
    public static void Check(string directory, bool overwrite, bool resuming)
    {
        Nas.Search.OutputDirectory.Check(directory);
        if (!overwrite && !resuming && new[] { Result, Model }.FirstOrDefault(f => File.Exists(Path.Combine(directory, f))) is { } found)
            throw new FinishedModelException(directory, found);
    }
}
