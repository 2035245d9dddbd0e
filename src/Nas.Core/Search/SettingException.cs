namespace Nas.Search;

/// <summary>
/// A setting of a search has a value that cannot be used. <see cref="Path"/> names it the library's way
/// (<c>training.learning_rate</c>, <c>space.layers</c>); front ends map the path to their own names
/// (the CLI's <c>--learning-rate</c>) and word the message with <see cref="Problem"/>.
/// </summary>
public class SettingException : NasUserException
{
    /// <param name="path">The setting: <c>group.key</c>, or a bare key for a top-level value.</param>
    /// <param name="problem">What is wrong, without the setting's name, e.g. "must be positive, got -1".</param>
    public SettingException(string path, string problem) : base($"{path} {problem}")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The setting, <c>group.key</c>.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}
