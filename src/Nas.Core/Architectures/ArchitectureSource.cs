using System.Text.Json;
using Nas.Spaces.Cells;
using Nas.Spaces.Residual;

namespace Nas.Architectures;

/// <summary>
/// Reads an architecture as people name one: an architecture file (best.json of a search), a genotype file
/// (<c>{"normal": ..., "reduce": ...}</c>), the name of a published cell (DARTS_V2, NASNet, ...) or of a named
/// network (<see cref="ResidualSpace.BaselineName"/>). Genotypes become architectures of the cell space that fits them.
/// </summary>
public static class ArchitectureSource
{
    /// <summary>The names that <see cref="Load"/> knows without a file: the published cells, then the named networks.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. PublishedGenotypes.Names, .. ResidualSpace.Names];

    /// <summary>The architecture of a file, or of a published cell or named network by name; <see cref="Search.SettingException"/> on <c>architecture</c> when it is neither.</summary>
    /// <param name="pathOrName">A file's path, or a name of <see cref="Names"/> (case-insensitive).</param>
    public static Architecture Load(string pathOrName)
    {
        if (!File.Exists(pathOrName))
        {
            if (PublishedGenotypes.Find(pathOrName) is { } published) return CellSpace.FromGenotype(published);
            if (ResidualSpace.Find(pathOrName) is { } named) return named;
            throw new Search.SettingException("architecture", $"names no file '{pathOrName}' and no published cell of that name (known: {string.Join(", ", PublishedGenotypes.Names)}; networks: {string.Join(", ", ResidualSpace.Names)})");
        }
        string json;
        try { json = File.ReadAllText(pathOrName); }
        catch (IOException e) { throw new NasUserException($"{pathOrName}: cannot read: {e.Message}"); }
        try
        {
            return IsGenotype(json) ? CellSpace.FromGenotype(Genotype.FromJson(json)) : Architecture.FromJson(json);
        }
        catch (NasUserException e) { throw new NasUserException($"{pathOrName}: {e.Message}", e); }
    }

    /// <summary>True for a JSON object with a <c>normal</c> cell and no <c>space</c>: a genotype document.</summary>
    private static bool IsGenotype(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("normal", out _) && !doc.RootElement.TryGetProperty("space", out _);
        }
        catch (JsonException)
        {
            return false; // let the architecture reader name the syntax error
        }
    }
}
