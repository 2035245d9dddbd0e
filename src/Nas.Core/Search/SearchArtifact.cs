namespace Nas.Search;

/// <summary>A file a search hands over with its result (<c>best.json</c>, <c>genotype.json</c>, <c>best.svg</c>): a name and its text.</summary>
/// <param name="Name">The file's name, written in the session's directory.</param>
/// <param name="Content">Its text.</param>
public sealed record SearchArtifact(string Name, string Content);
