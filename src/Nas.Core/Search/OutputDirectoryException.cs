namespace Nas.Search;

/// <summary>The directory a run should write into cannot take its files (front ends name their option for it).</summary>
public sealed class OutputDirectoryException(string directory, string problem) : NasUserException($"{directory} {problem}")
{
    /// <summary>The directory.</summary>
    public string Directory { get; } = directory;

    /// <summary>What is wrong with it, e.g. "is a file, not a directory".</summary>
    public string Problem { get; } = problem;
}
