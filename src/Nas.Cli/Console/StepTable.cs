using System.Globalization;
using System.Text.Json;
using Nas.Store;
using Spectre.Console;

namespace Nas.Cli.Console;

/// <summary>
/// The search log of an experiment (<see cref="SearchStep"/>s), one table per kind; the columns are the
/// fields of the steps' JSON objects, in the order they first appear. Nested values (alpha softmaxes,
/// genotypes) are shown only with <c>--full</c>, since they do not fit a table cell.
/// </summary>
internal static class StepTable
{
    public static void Print(IReadOnlyList<SearchStep> steps, bool full)
    {
        foreach (var group in steps.GroupBy(s => s.Kind))
        {
            var rows = group.Select(s => (s.Step, Fields: Parse(s.Json))).ToList();
            var columns = rows.SelectMany(r => r.Fields.Keys).Distinct()
                .Where(c => full || rows.All(r => !r.Fields.TryGetValue(c, out var v) || v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)))
                .ToList();
            var table = new Table().Border(TableBorder.Rounded).Title($"search log: {Markup.Escape(group.Key)}").AddColumn("step");
            foreach (var c in columns) table.AddColumn(new TableColumn(Markup.Escape(c)).RightAligned());
            foreach (var (step, fields) in rows)
                table.AddRow(new[] { step.ToString(CultureInfo.InvariantCulture) }
                    .Concat(columns.Select(c => fields.TryGetValue(c, out var v) ? Markup.Escape(Text(v)) : "-")).ToArray());
            AnsiConsole.Write(table);
        }
    }

    private static Dictionary<string, JsonElement> Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
                : new Dictionary<string, JsonElement> { ["value"] = doc.RootElement.Clone() };
        }
        catch (JsonException)
        {
            return new Dictionary<string, JsonElement>(); // an unreadable step shows as dashes rather than failing the command
        }
    }

    private static string Text(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number when v.TryGetInt64(out long i) => i.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => v.GetDouble().ToString("0.####", CultureInfo.InvariantCulture),
        JsonValueKind.String => v.GetString() ?? "",
        _ => v.GetRawText(),
    };
}
