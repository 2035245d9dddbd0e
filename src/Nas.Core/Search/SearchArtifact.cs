namespace Nas.Search;

/// <summary>A file a search hands over with its result (<c>best.json</c>, <c>genotype.json</c>, <c>best.svg</c>): a name and its text.</summary>
public sealed record SearchArtifact(string Name, string Content);
