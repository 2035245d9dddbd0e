namespace Nas.Torch.Training;

/// <summary>
/// A checkpoint kept in one directory and replaced whole on every save: the new one is written beside it
/// (<c>DIR.next</c>), the old one moved aside (<c>DIR.previous</c>), the new one moved in, the old one deleted.
/// A kill at any moment leaves one whole checkpoint to read: <c>DIR</c>, or <c>DIR.previous</c> when the kill
/// fell between the two moves. A <c>DIR.next</c> left by a kill may be half written and is never read.
/// </summary>
internal sealed class CheckpointDirectory
{
    /// <param name="path">The checkpoint's directory (created on the first save).</param>
    public CheckpointDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        // Without the trailing separator, DIR.next is a sibling of DIR, not a hidden file inside it.
        Path = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
    }

    /// <summary>The checkpoint's directory, absolute.</summary>
    public string Path { get; }

    private string Next => Path + ".next";
    private string Previous => Path + ".previous";

    /// <summary>Whether a checkpoint is there to read (in <see cref="Path"/>, or beside it after an interrupted swap).</summary>
    public bool Exists => Source is not null;

    /// <summary>The directory a checkpoint is read from: <see cref="Path"/>, or <c>Path.previous</c> after an interrupted swap; null when there is none.</summary>
    public string? Source => Directory.Exists(Path) ? Path : Directory.Exists(Previous) ? Previous : null;

    /// <summary>
    /// Writes a new checkpoint: <paramref name="write"/> fills an empty directory (its argument), which then
    /// replaces the current checkpoint. When <paramref name="write"/> throws, the current checkpoint stays.
    /// </summary>
    public void Save(Action<string> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (Directory.Exists(Next)) Directory.Delete(Next, true);
        Directory.CreateDirectory(Next);
        write(Next);
        // Swap: the new one in, the old one out. At every moment one whole checkpoint is where Source looks.
        if (Directory.Exists(Path))
        {
            if (Directory.Exists(Previous)) Directory.Delete(Previous, true); // older than Path
            Directory.Move(Path, Previous);
        }
        Directory.Move(Next, Path);
        if (Directory.Exists(Previous)) Directory.Delete(Previous, true);
    }

    /// <summary>Removes the checkpoint and whatever an interrupted save left beside it.</summary>
    public void Delete()
    {
        // Each is renamed before it is deleted, so a kill mid-delete leaves nothing half-deleted to be read.
        foreach (var d in new[] { Next, Previous, Path })
        {
            string doomed = d + ".deleted";
            if (Directory.Exists(doomed)) Directory.Delete(doomed, true);
            if (!Directory.Exists(d)) continue;
            Directory.Move(d, doomed);
            Directory.Delete(doomed, true);
        }
    }
}
