using System.Text.Json;

namespace Nas.Spaces.Cells;

/// <summary>
/// The genotype file format, the DARTS namedtuple written as JSON: each edge a two-element array
/// <c>["op", input]</c>, concat lists as arrays of state indices.
/// </summary>
internal static class GenotypeJson
{
    public static string Write(Genotype genotype, bool indented)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            WriteEdges(w, "normal", genotype.Normal);
            WriteInts(w, "normal_concat", genotype.NormalConcat);
            WriteEdges(w, "reduce", genotype.Reduce);
            WriteInts(w, "reduce_concat", genotype.ReduceConcat);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteEdges(Utf8JsonWriter w, string name, IReadOnlyList<CellEdge> edges)
    {
        w.WriteStartArray(name);
        foreach (var e in edges)
        {
            w.WriteStartArray();
            w.WriteStringValue(e.Op);
            w.WriteNumberValue(e.Input);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void WriteInts(Utf8JsonWriter w, string name, IReadOnlyList<int> values)
    {
        w.WriteStartArray(name);
        foreach (int v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    public static Genotype Read(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { throw new NasUserException($"genotype: not valid JSON: {e.Message}"); }
        using (doc) return Read(doc.RootElement);
    }

    public static Genotype Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new NasUserException("genotype: expected a JSON object with normal, normal_concat, reduce and reduce_concat");
        var genotype = new Genotype(
            Edges(root, "normal"), Ints(root, "normal_concat"),
            Edges(root, "reduce"), Ints(root, "reduce_concat"));
        return genotype.Validate();
    }

    private static JsonElement Field(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
            throw new NasUserException($"genotype: field '{name}' is missing");
        if (value.ValueKind != JsonValueKind.Array)
            throw new NasUserException($"genotype: field '{name}' must be an array, got {value.GetRawText()}");
        return value;
    }

    private static CellEdge[] Edges(JsonElement root, string name) =>
        Field(root, name).EnumerateArray().Select((e, i) =>
        {
            if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() != 2
                || e[0].ValueKind != JsonValueKind.String || e[1].ValueKind != JsonValueKind.Number
                || !e[1].TryGetInt32(out int input))
                throw new NasUserException($"genotype: {name}[{i}] must be [\"op\", input index], got {e.GetRawText()}");
            return new CellEdge(e[0].GetString()!, input);
        }).ToArray();

    private static int[] Ints(JsonElement root, string name) =>
        Field(root, name).EnumerateArray().Select((e, i) =>
            e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) ? v
                : throw new NasUserException($"genotype: {name}[{i}] must be a state index, got {e.GetRawText()}")).ToArray();
}
