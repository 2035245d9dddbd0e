using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nas.Torch.Prediction;

/// <summary>Predictions as text for people, JSON or CSV for programs.</summary>
public static class PredictionWriter
{
    /// <summary>One line per input: its name, then its top classes with their probabilities.</summary>
    /// <param name="predictions">The predictions.</param>
    public static string Text(IReadOnlyList<Prediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var text = new StringBuilder();
        foreach (var p in predictions)
            text.Append(p.Input).Append(": ").AppendJoin(", ", p.Top.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {100 * s.Probability:F1}%"))).Append('\n');
        return text.ToString();
    }

    /// <summary>A JSON document: the model and, per input, its top classes (index, name, probability).</summary>
    /// <param name="predictions">The predictions.</param>
    /// <param name="model">What ran the model (<see cref="IPredictor.Description"/>).</param>
    public static string Json(IReadOnlyList<Prediction> predictions, string model)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var document = new JsonObject
        {
            ["model"] = model,
            ["predictions"] = new JsonArray(predictions.Select(p => (JsonNode?)new JsonObject
            {
                ["input"] = p.Input,
                ["top"] = new JsonArray(p.Top.Select(s => (JsonNode?)new JsonObject { ["class"] = s.Class, ["name"] = s.Name, ["probability"] = s.Probability }).ToArray()),
            }).ToArray()),
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>CSV with a header: one row per input and rank (input, rank, class, name, probability), fields quoted where needed.</summary>
    /// <param name="predictions">The predictions.</param>
    public static string Csv(IReadOnlyList<Prediction> predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var text = new StringBuilder("input,rank,class,name,probability\n");
        foreach (var p in predictions)
            for (int r = 0; r < p.Top.Count; r++)
                text.Append(Field(p.Input)).Append(',').Append(r + 1).Append(',').Append(p.Top[r].Class).Append(',').Append(Field(p.Top[r].Name)).Append(',')
                    .Append(p.Top[r].Probability.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    private static string Field(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
