namespace Nas.Torch.Training;

/// <summary>
/// The state file of a search checkpoint: its format, the kind of search that wrote it, the fingerprint of
/// the settings it was written with, and the search's own plain state.
/// </summary>
internal sealed record CheckpointEnvelope<T>(string Format, string Kind, string Fingerprint, T State)
{
    /// <summary>The format this version writes and reads.</summary>
    public const string CurrentFormat = "nas-checkpoint/1";
}
