using Nas.Architectures;
using Nas.Store;
using Nas.Strategies;
using Spectre.Console;

namespace Nas.Cli.Console;

/// <summary>The table of an experiment's trials, best first marked.</summary>
internal static class TrialTable
{
    public static void Print(IReadOnlyList<TrialRecord> trials, long? bestId)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("trial").AddColumn("status").AddColumn(new TableColumn("val acc").RightAligned())
            .AddColumn(new TableColumn("val loss").RightAligned()).AddColumn(new TableColumn("params").RightAligned())
            .AddColumn(new TableColumn("mult-adds").RightAligned()).AddColumn(new TableColumn("time").RightAligned())
            .AddColumn(new TableColumn("architecture").NoWrap());
        foreach (var t in trials)
        {
            string arch;
            try { arch = ArchitectureText.Short(Architecture.FromJson(t.ArchitectureJson)); }
            catch (NasUserException) { arch = "(unreadable)"; }
            string status = t.Status switch
            {
                TrialStatus.Completed => "[green]completed[/]",
                TrialStatus.Failed => "[red]failed[/]",
                _ => Markup.Escape(t.Status.ToString().ToLowerInvariant()),
            };
            string id = t.Id == bestId ? $"[bold]{t.Id} *[/]" : t.Id.ToString();
            table.AddRow(id, status, Formats.Percent(t.ValidationAccuracy), t.ValidationLoss is { } l ? Formats.Number(l) : "-",
                Formats.Count(t.Parameters), Formats.Count(t.MultiplyAdds), Formats.Seconds(t.TrainingSeconds),
                Markup.Escape(t.Status == TrialStatus.Failed ? $"error: {t.Error}  {arch}" : arch));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>The completed trial with the highest validation accuracy (earliest on ties).</summary>
    public static TrialRecord? Best(IReadOnlyList<TrialRecord> trials) =>
        trials.Where(t => t.Status == TrialStatus.Completed && t.ValidationAccuracy is not null)
              .OrderByDescending(t => t.ValidationAccuracy).ThenBy(t => t.Id).FirstOrDefault();
}
