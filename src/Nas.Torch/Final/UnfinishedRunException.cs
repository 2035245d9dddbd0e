namespace Nas.Torch.Final;

/// <summary>A new training run found the checkpoint of an unfinished one in its directory; nothing was changed.</summary>
public sealed class UnfinishedRunException(string directory) : NasUserException($"{directory} holds the checkpoint of an unfinished run")
{
    /// <summary>The directory.</summary>
    public string Directory { get; } = directory;
}
