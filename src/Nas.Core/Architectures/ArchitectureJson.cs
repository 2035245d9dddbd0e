using System.Text.Json;
using Nas.Spaces;

namespace Nas.Architectures;

/// <summary>
/// The architecture file format:
/// <c>{"format":"nas-architecture/1","space":{"name":..,"settings":{..}},"values":{decision: option | [options]}}</c>.
/// Values are written as the options themselves (not indices), so files read well and survive
/// reordering of options.
/// </summary>
internal static class ArchitectureJson
{
    public const string Format = "nas-architecture/1";

    public static string Write(Architecture architecture, bool indented)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteStartObject("space");
            w.WriteString("name", architecture.Space.Name);
            w.WritePropertyName("settings");
            architecture.Space.Settings.WriteTo(w);
            w.WriteEndObject();
            w.WritePropertyName("values");
            WriteValues(w, architecture);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The file's <c>values</c> object alone: what <see cref="ReadValues"/> reads back, in this or another space.</summary>
    public static JsonElement Values(Architecture architecture)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream)) WriteValues(w, architecture);
        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }

    private static void WriteValues(Utf8JsonWriter w, Architecture architecture)
    {
        w.WriteStartObject();
        foreach (var d in architecture.Space.Decisions)
        {
            if (!architecture.Has(d.Name)) continue;
            w.WritePropertyName(d.Name);
            if (d.IsSubset)
            {
                w.WriteStartArray();
                foreach (var o in architecture.Options(d.Name)) o.WriteTo(w);
                w.WriteEndArray();
            }
            else architecture.Option(d.Name).WriteTo(w);
        }
        w.WriteEndObject();
    }

    public static Architecture Read(string json, SpaceCatalog catalog)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new NasUserException($"not valid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new NasUserException("an architecture must be a JSON object");
            // A file of another format version may mean something else by the same fields: refused, not guessed at.
            // Hand-written files without the field are read as this version.
            if (root.TryGetProperty("format", out var format))
            {
                if (format.ValueKind != JsonValueKind.String)
                    throw new NasUserException($"field 'format' must be a string such as \"{Format}\", got {format.GetRawText()}");
                if (format.GetString() != Format)
                    throw new NasUserException($"format '{format.GetString()}' is not known (this nas reads {Format})");
            }
            if (!root.TryGetProperty("space", out var space) || space.ValueKind != JsonValueKind.Object)
                throw new NasUserException("field 'space' is missing (it names the search space)");
            if (!space.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                throw new NasUserException("field 'space.name' is missing or not a string");
            var settings = space.TryGetProperty("settings", out var s) ? s : JsonDocument.Parse("{}").RootElement;
            if (settings.ValueKind != JsonValueKind.Object) throw new NasUserException("field 'space.settings' must be an object");
            if (!root.TryGetProperty("values", out var values)) throw new NasUserException("field 'values' is missing");
            var searchSpace = catalog.Create(name.GetString()!, settings);
            return ReadValues(searchSpace, values);
        }
    }

    public static Architecture ReadValues(SearchSpace space, JsonElement values)
    {
        if (values.ValueKind != JsonValueKind.Object) throw new NasUserException("field 'values' must be an object");
        var choices = new Dictionary<string, Choice>(StringComparer.Ordinal);
        foreach (var property in values.EnumerateObject())
        {
            var decision = space.Find(property.Name)
                ?? throw new ArchitectureException(property.Name, $"'{property.Name}' is not a decision of the {space.Name} space");
            if (decision.IsSubset)
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                    throw new ArchitectureException(decision.Name, $"decision '{decision.Name}' takes a list of options, got {property.Value.GetRawText()}");
                choices[decision.Name] = Choice.Subset(property.Value.EnumerateArray().Select(e => IndexOf(decision, e)));
            }
            else choices[decision.Name] = Choice.Single(IndexOf(decision, property.Value));
        }
        return Architecture.Create(space, choices);
    }

    private static int IndexOf(Decision decision, JsonElement element)
    {
        var option = OptionValue.FromJson(element);
        int index = option is null ? -1 : decision.IndexOf(option.Value);
        if (index < 0)
            throw new ArchitectureException(decision.Name,
                $"decision '{decision.Name}': {element.GetRawText()} is not one of its options ({string.Join(", ", decision.Options)})");
        return index;
    }
}
