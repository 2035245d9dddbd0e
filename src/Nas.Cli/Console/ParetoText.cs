using Nas.Strategies.Pareto;

namespace Nas.Cli.Console;

/// <summary>An experiment's Pareto front as <c>nas show</c> prints it.</summary>
internal static class ParetoText
{
    public static void Print(ParetoSummary? summary, ParetoObjective objective)
    {
        string name = ParetoObjectives.Name(objective);
        if (summary is null)
        {
            System.Console.Out.WriteLine($"Pareto front (accuracy against {name}): no completed trial has its {name} measured");
            return;
        }
        System.Console.Out.WriteLine($"Pareto front (accuracy against {name}): {summary.Front.Count} of {summary.Trials} completed trials; " +
            $"hypervolume {Cost(summary.Hypervolume, objective)} (accuracy x {Unit(objective)}, up to the largest {name}, {Cost(summary.ReferenceCost, objective)})");
        foreach (var (trial, cost) in summary.Front)
            System.Console.Out.WriteLine($"  trial {trial.Id,4}  {Formats.Percent(trial.ValidationAccuracy),7}  {Cost(cost, objective)} {Unit(objective)}");
    }

    private static string Cost(double value, ParetoObjective objective) => objective == ParetoObjective.Latency
        ? Formats.Number(value, 3) : value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Unit(ParetoObjective objective) => objective switch
    {
        ParetoObjective.Parameters => "parameters",
        ParetoObjective.MultiplyAdds => "multiply-adds",
        _ => "ms",
    };
}
