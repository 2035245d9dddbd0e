using System.Text.Json.Nodes;
using Nas.Torch.OneShot;

namespace Nas.Torch.Search;

/// <summary>The search-log JSON of one epoch of a DARTS or SNAS search.</summary>
internal static class OneShotStepJson
{
    /// <summary>Figures, softmax of alpha per edge, the derived genotype and, for SNAS, the argmax child.</summary>
    public static string Of(OneShotEpoch e, IReadOnlyList<string> ops)
    {
        static JsonArray Matrix(double[][] p) => new(p.Select(row => (JsonNode)new JsonArray(row.Select(x => (JsonNode)JsonValue.Create(Math.Round(x, 6))).ToArray())).ToArray());
        var node = new JsonObject
        {
            ["epoch"] = e.Epoch,
            ["seconds"] = Math.Round(e.Seconds, 3),
            ["lr"] = e.LearningRate,
            ["train_loss"] = e.TrainLoss,
            ["train_accuracy"] = e.TrainAccuracy,
            ["validation_loss"] = e.ValidationLoss,
            ["validation_accuracy"] = e.ValidationAccuracy,
            ["entropy"] = e.Entropy,
        };
        if (double.IsFinite(e.StepSeconds)) node["step_seconds"] = Math.Round(e.StepSeconds, 3);
        if (double.IsFinite(e.Temperature)) node["temperature"] = e.Temperature;
        if (double.IsFinite(e.ExpectedCost)) node["expected_cost"] = e.ExpectedCost;
        node["genotype"] = JsonNode.Parse(e.Genotype.ToJson());
        node["alpha_softmax"] = new JsonObject
        {
            ["ops"] = new JsonArray(ops.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
            ["normal"] = Matrix(e.NormalProbabilities),
            ["reduce"] = Matrix(e.ReduceProbabilities),
        };
        if (e.Child is { } c)
            node["child"] = new JsonObject
            {
                ["normal"] = new JsonArray(c.Normal.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
                ["reduce"] = new JsonArray(c.Reduce.Select(o => (JsonNode)JsonValue.Create(o)).ToArray()),
                ["dropped_edges"] = c.DroppedEdges,
            };
        return node.ToJsonString();
    }
}
