using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Execution;
using Nas.Spaces;
using Nas.Store;

namespace Nas.Reporting;

/// <summary>
/// An experiment as one JSON document for programs (<c>nas show --json</c>): its recorded configuration, its search
/// log, every trial (status, architecture with its one-line description, metrics, epochs) and the best one. Only reads.
/// </summary>
public static class ExperimentDocument
{
    /// <summary>The document of the experiment in <paramref name="store"/>.</summary>
    /// <param name="store">The experiment's store (opened read-only by the caller).</param>
    /// <param name="pareto">The cost of a Pareto front to add (<c>pareto</c>); null: an nsga2 search's own objective, else none.</param>
    public static JsonObject Of(IExperimentStore store, Strategies.Pareto.ParetoObjective? pareto = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var trials = store.Trials();
        var best = TrialRecords.Best(trials);
        var configuration = store.LoadConfiguration();
        var objective = pareto ?? Strategies.Pareto.ParetoSummary.ObjectiveOf(configuration);
        return new JsonObject
        {
            ["configuration"] = configuration is { } c ? JsonNode.Parse(c) : null,
            ["search_log"] = new JsonArray(store.Steps().Select(s => (JsonNode?)new JsonObject
            {
                ["kind"] = s.Kind, ["step"] = s.Step, ["recorded_at"] = s.RecordedAt.ToString("O"), ["values"] = JsonNode.Parse(s.Json),
            }).ToArray()),
            ["trials"] = new JsonArray(trials.Select(t => (JsonNode?)Trial(t)).ToArray()),
            ["best_trial"] = best?.Id,
            ["pareto"] = objective is { } o ? Strategies.Pareto.ParetoSummary.Of(trials, o)?.ToJson() : null,
        };
    }

    /// <summary>The document as indented JSON text.</summary>
    /// <param name="store">The experiment's store.</param>
    /// <param name="pareto">The cost of a Pareto front to add; null: an nsga2 search's own objective, else none.</param>
    public static string Json(IExperimentStore store, Strategies.Pareto.ParetoObjective? pareto = null) => Of(store, pareto).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    private static JsonObject Trial(TrialRecord t)
    {
        var architecture = Architecture.FromJson(t.ArchitectureJson);
        return new JsonObject
        {
            ["id"] = t.Id,
            ["status"] = t.Status.ToString().ToLowerInvariant(),
            ["architecture"] = JsonNode.Parse(t.ArchitectureJson),
            ["description"] = SpaceCatalog.Default.Describe(architecture),
            ["seed"] = t.Seed,
            ["validation_accuracy"] = t.ValidationAccuracy is { } a && double.IsFinite(a) ? a : null,
            ["validation_loss"] = t.ValidationLoss is { } l && double.IsFinite(l) ? l : null,
            ["parameters"] = t.Parameters,
            ["multiply_adds"] = t.MultiplyAdds,
            ["latency_ms"] = t.LatencyMilliseconds,
            ["training_seconds"] = t.TrainingSeconds,
            ["started_at"] = t.StartedAt.ToString("O"),
            ["finished_at"] = t.FinishedAt?.ToString("O"),
            ["error"] = t.Error,
            ["attempts"] = t.Attempts,
            ["worker"] = t.Worker,
            ["epochs"] = new JsonArray(t.Epochs.Select(e => (JsonNode?)new JsonObject
            {
                ["epoch"] = e.Epoch,
                ["train_loss"] = Finite(e.TrainLoss), ["train_accuracy"] = Finite(e.TrainAccuracy),
                ["validation_loss"] = Finite(e.ValidationLoss), ["validation_accuracy"] = Finite(e.ValidationAccuracy),
                ["seconds"] = Finite(e.Seconds), ["images_per_second"] = Finite(e.ImagesPerSecond),
            }).ToArray()),
        };
    }

    // JSON has no NaN: a figure that was not measured is null.
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
