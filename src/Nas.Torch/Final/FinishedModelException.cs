namespace Nas.Torch.Final;

/// <summary>A training run was pointed at a directory that holds a finished model; nothing was changed.</summary>
public sealed class FinishedModelException(string directory, string file) : NasUserException($"{directory} holds a finished model ({file})")
{
    /// <summary>The directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>The file that shows the model is finished (result.json or model.bin).</summary>
    public string File { get; } = file;
}
