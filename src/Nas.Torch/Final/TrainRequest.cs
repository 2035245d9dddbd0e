using System.Text.Json.Nodes;

namespace Nas.Torch.Final;

/// <summary>
/// What to train from scratch, as data: the architecture (a file, a published cell by name, or <c>lstm</c>), the seed,
/// and the settings by group (<c>data</c>, <c>training</c>, <c>network</c> or <c>model</c>) that differ from the
/// defaults of <see cref="FinalTraining.Settings"/>.
/// </summary>
public sealed record TrainRequest
{
    /// <summary>An architecture file (best.json, a genotype file), a published cell's name, or <c>lstm</c> (text data only).</summary>
    public required string Architecture { get; init; }

    /// <summary>The seed: the same request and seed train the same weights on the CPU.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The settings given, by group.</summary>
    public JsonObject Settings { get; init; } = new();

    /// <summary>A copy with one setting (<c>group.key</c>) set.</summary>
    public TrainRequest With(string path, JsonNode? value)
    {
        int dot = path.IndexOf('.');
        if (dot <= 0 || dot == path.Length - 1) throw new ArgumentException($"a setting path is group.key, got '{path}'", nameof(path));
        var settings = (JsonObject)Settings.DeepClone();
        if (settings[path[..dot]] is not JsonObject group) settings[path[..dot]] = group = new JsonObject();
        group[path[(dot + 1)..]] = value?.DeepClone();
        return this with { Settings = settings };
    }

    /// <summary>The settings given for <paramref name="group"/>, or null.</summary>
    public JsonObject? Group(string group) => Settings[group] as JsonObject;

    /// <summary>The data set named, or null for the default.</summary>
    public string? Dataset => Group("data")?["dataset"] is JsonValue v && v.TryGetValue<string>(out var d) ? d : null;
}
