using Nas.Architectures;
using Nas.Store;
using Nas.Strategies;
using Spectre.Console;

namespace Nas.Cli.Console;

/// <summary>The table of an experiment's trials, the best marked.</summary>
internal static class TrialTable
{
    /// <param name="perplexity">Language-model trials: show validation perplexity, exp(validation loss), instead of accuracy and loss.</param>
    public static void Print(IReadOnlyList<TrialRecord> trials, long? bestId, bool perplexity = false)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("trial").AddColumn("status");
        if (perplexity) table.AddColumn(new TableColumn("val ppl").RightAligned());
        else table.AddColumn(new TableColumn("val acc").RightAligned()).AddColumn(new TableColumn("val loss").RightAligned());
        table.AddColumn(new TableColumn("params").RightAligned());
        if (!perplexity) table.AddColumn(new TableColumn("mult-adds").RightAligned());
        table.AddColumn(new TableColumn("time").RightAligned()).AddColumn(new TableColumn("architecture").NoWrap());
        foreach (var t in trials)
        {
            string arch;
            try { arch = ArchitectureText.Short(Architecture.FromJson(t.ArchitectureJson)); }
            catch (NasUserException) { arch = "(unreadable)"; }
            string status = t.Status switch
            {
                TrialStatus.Completed => "[green]completed[/]",
                TrialStatus.Failed => "[red]failed[/]",
                TrialStatus.Pruned => $"[yellow]pruned@{t.Epochs.Count}[/]",
                TrialStatus.Running => Markup.Escape($"running on {t.Worker}"),
                _ => Markup.Escape(t.Status.ToString().ToLowerInvariant()),
            };
            // A trial that needed more than one claim lost a worker on the way: worth seeing.
            if (t.Attempts > 1) status += $" (try {t.Attempts})";
            string id = t.Id == bestId ? $"[bold]{t.Id} *[/]" : t.Id.ToString();
            var cells = new List<string> { id, status };
            if (perplexity) cells.Add(t.ValidationLoss is { } l ? Formats.Number(Math.Exp(l), 2) : "-");
            else cells.AddRange(new[] { Formats.Percent(t.ValidationAccuracy), t.ValidationLoss is { } loss ? Formats.Number(loss) : "-" });
            cells.Add(Formats.Count(t.Parameters));
            if (!perplexity) cells.Add(Formats.Count(t.MultiplyAdds));
            cells.Add(Formats.Seconds(t.TrainingSeconds));
            cells.Add(Markup.Escape(t.Status == TrialStatus.Failed ? $"error: {t.Error}  {arch}" : arch));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
    }

    /// <summary>The completed trial with the highest validation accuracy (earliest on ties).</summary>
    public static TrialRecord? Best(IReadOnlyList<TrialRecord> trials) => Nas.Execution.TrialRecords.Best(trials);
}
