using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nas.Search;

/// <summary>
/// What to search, as data: the method, the space and its settings, the seed, and the settings of the method's
/// parts by group (<c>{"training": {"epochs": 2}, "data": {"dataset": "fashion-mnist"}}</c>). Only what the user
/// chose needs to be there; the method fills in the rest. A search records its request, so that it can be resumed,
/// and served to workers, from the store alone.
/// </summary>
public sealed record SearchRequest
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The method's name in the catalog (<c>random</c>, <c>evolution</c>, <c>darts</c>, ...).</summary>
    public required string Method { get; init; }

    /// <summary>The space's name, or null for the method's default space.</summary>
    public string? Space { get; init; }

    /// <summary>The space's settings that differ from its defaults (<c>{"layers": 6}</c>).</summary>
    public JsonObject SpaceSettings { get; init; } = new();

    /// <summary>The seed: the same request and seed give the same search on the CPU.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The settings given, by group.</summary>
    public JsonObject Settings { get; init; } = new();

    /// <summary>A copy with one setting set: <paramref name="path"/> is <c>group.key</c>, or <c>space.key</c> for the space's settings.</summary>
    /// <param name="path">The setting.</param>
    /// <param name="value">Its value, as typed or as text to parse; null removes it.</param>
    public SearchRequest With(string path, JsonNode? value)
    {
        int dot = path.IndexOf('.');
        if (dot <= 0 || dot == path.Length - 1) throw new ArgumentException($"a setting path is group.key, got '{path}'", nameof(path));
        string group = path[..dot], key = path[(dot + 1)..];
        if (group == "space")
        {
            var space = (JsonObject)SpaceSettings.DeepClone();
            space[key] = value?.DeepClone();
            return this with { SpaceSettings = space };
        }
        var settings = (JsonObject)Settings.DeepClone();
        if (settings[group] is not JsonObject g) settings[group] = g = new JsonObject();
        g[key] = value?.DeepClone();
        return this with { Settings = settings };
    }

    /// <summary>The settings given for <paramref name="group"/>, or null.</summary>
    /// <param name="group">The group's name (<c>training</c>).</param>
    public JsonObject? Group(string group) => Settings[group] as JsonObject;

    /// <summary>The request as JSON.</summary>
    public JsonObject ToJsonObject() => new()
    {
        ["method"] = Method,
        ["space"] = Space,
        ["space_settings"] = SpaceSettings.DeepClone(),
        ["seed"] = Seed,
        ["settings"] = Settings.DeepClone(),
    };

    /// <summary>The request as JSON text.</summary>
    /// <param name="indented">Indent the JSON for people.</param>
    public string ToJson(bool indented = true) => ToJsonObject().ToJsonString(indented ? Indented : null);

    /// <summary>Reads a request written by <see cref="ToJsonObject"/>; throws <see cref="NasUserException"/> when malformed.</summary>
    /// <param name="node">The request's JSON object.</param>
    public static SearchRequest FromJson(JsonNode? node)
    {
        if (node is not JsonObject o) throw new NasUserException("a search request must be a JSON object");
        try
        {
            string method = o["method"]?.GetValue<string>() ?? throw new NasUserException("a search request needs a method");
            return new SearchRequest
            {
                Method = method,
                Space = o["space"]?.GetValue<string>(),
                SpaceSettings = o["space_settings"] as JsonObject is { } s ? (JsonObject)s.DeepClone() : new JsonObject(),
                Seed = o["seed"]?.GetValue<int>() ?? 1,
                Settings = o["settings"] as JsonObject is { } g ? (JsonObject)g.DeepClone() : new JsonObject(),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new NasUserException($"the search request is malformed: {e.Message}");
        }
    }

    /// <summary>Whether two requests ask for the same search (JSON equality of every part).</summary>
    /// <param name="other">The request to compare with.</param>
    public bool SameAs(SearchRequest other) => JsonNode.DeepEquals(ToJsonObject(), other.ToJsonObject());
}
