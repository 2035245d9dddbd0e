using System.Text.Json.Nodes;
using Nas.Evaluation;
using Nas.Store;

namespace Nas.Strategies.Pareto;

/// <summary>
/// An experiment's Pareto front as <c>nas show</c> reports it: the completed trials no other completed trial beats in
/// both validation accuracy and the cost, cheapest first, and the hypervolume they dominate up to the largest cost
/// among the completed trials (raw scale, see <see cref="ParetoFront.Hypervolume"/>).
/// </summary>
/// <param name="Objective">The cost.</param>
/// <param name="Front">The trials of the front, cheapest first, with their costs.</param>
/// <param name="Hypervolume">The area the front dominates between accuracy 0 and <paramref name="ReferenceCost"/>.</param>
/// <param name="ReferenceCost">The largest cost among the completed trials.</param>
/// <param name="Trials">The completed trials with a cost that the front was taken over.</param>
public sealed record ParetoSummary(ParetoObjective Objective, IReadOnlyList<(TrialRecord Trial, double Cost)> Front, double Hypervolume, double ReferenceCost, int Trials)
{
    /// <summary>The front of the completed trials whose cost was measured, or null when there is none.</summary>
    /// <param name="trials">The experiment's trials.</param>
    /// <param name="objective">The cost.</param>
    public static ParetoSummary? Of(IReadOnlyList<TrialRecord> trials, ParetoObjective objective)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var costed = trials.Where(t => t.Status == TrialStatus.Completed && t.ValidationAccuracy is { } a && double.IsFinite(a))
            .Select(t => (Trial: t, Cost: ParetoObjectives.CostOf(objective, Execution.Coordinator.OutcomeOf(t).Metrics!)))
            .Where(c => c.Cost is not null).Select(c => (c.Trial, Cost: c.Cost!.Value)).ToArray();
        if (costed.Length == 0) return null;
        var points = costed.Select(c => new ParetoPoint(c.Trial.ValidationAccuracy!.Value, c.Cost)).ToArray();
        double reference = points.Max(p => p.Cost);
        return new ParetoSummary(objective, ParetoFront.Front(points).Select(i => costed[i]).ToArray(), ParetoFront.Hypervolume(points, reference), reference, costed.Length);
    }

    /// <summary>The objective a recorded configuration searched for (an <c>nsga2</c> search's), or null for a single-objective search.</summary>
    /// <param name="configuration">The recorded configuration, or null.</param>
    public static ParetoObjective? ObjectiveOf(string? configuration)
    {
        if (configuration is null) return null;
        try
        {
            var root = JsonNode.Parse(configuration);
            return root?["method"]?.GetValue<string>() == ParetoEvolution.Registration.Name
                && ParetoObjectives.TryParse(root["settings"]?[ParetoEvolution.Registration.Name]?["objective"]?.GetValue<string>(), out var objective)
                ? objective : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException) { return null; }
    }

    /// <summary>The summary as JSON: objective, trials, reference cost, hypervolume and the front's trial ids and points.</summary>
    public JsonObject ToJson() => new()
    {
        ["objective"] = ParetoObjectives.Name(Objective),
        ["trials"] = Trials,
        ["reference_cost"] = ReferenceCost,
        ["hypervolume"] = Hypervolume,
        ["front"] = new JsonArray(Front.Select(f => (JsonNode?)new JsonObject
        {
            ["trial"] = f.Trial.Id, ["validation_accuracy"] = f.Trial.ValidationAccuracy, ["cost"] = f.Cost,
        }).ToArray()),
    };
}
