using Nas.Architectures;
using Nas.Store;
using Nas.Strategies;
using Spectre.Console;

namespace Nas.Cli.Console;

/// <summary>The trial table of a language-model search: validation perplexity = exp(validation loss).</summary>
internal static class PerplexityTable
{
    public static void Print(IReadOnlyList<TrialRecord> trials, long? bestId)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("trial").AddColumn("status").AddColumn(new TableColumn("val ppl").RightAligned())
            .AddColumn(new TableColumn("params").RightAligned()).AddColumn(new TableColumn("time").RightAligned())
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
            table.AddRow(id, status, t.ValidationLoss is { } l ? Formats.Number(Math.Exp(l), 2) : "-",
                Formats.Count(t.Parameters), Formats.Seconds(t.TrainingSeconds),
                Markup.Escape(t.Status == TrialStatus.Failed ? $"error: {t.Error}  {arch}" : arch));
        }
        AnsiConsole.Write(table);
    }
}
