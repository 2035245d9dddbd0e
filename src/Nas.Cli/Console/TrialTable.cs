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
        // The numbers never wrap and the architecture does: on a narrow or redirected console (80 columns) a
        // long architecture otherwise squeezed every number column to nothing.
        static TableColumn Number(string header) => new TableColumn(header).RightAligned().NoWrap();
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("trial").NoWrap()).AddColumn(new TableColumn("status").NoWrap());
        if (perplexity) table.AddColumn(Number("val ppl"));
        else table.AddColumn(Number("val acc")).AddColumn(Number("val loss"));
        table.AddColumn(Number("params"));
        if (!perplexity) table.AddColumn(Number("mult-adds"));
        bool latency = trials.Any(t => t.LatencyMilliseconds is not null); // predicted when the search has a latency limit or objective
        if (latency) table.AddColumn(Number("latency"));
        table.AddColumn(Number("time")).AddColumn(new TableColumn("architecture"));
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
            if (latency) cells.Add(t.LatencyMilliseconds is { } ms ? Formats.Number(ms, 3) + " ms" : "-");
            cells.Add(Formats.Seconds(t.TrainingSeconds));
            cells.Add(Markup.Escape(t.Status == TrialStatus.Failed ? $"error: {t.Error}  {arch}" : arch));
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
    }

    /// <summary>The completed trial with the highest validation accuracy (earliest on ties).</summary>
    public static TrialRecord? Best(IReadOnlyList<TrialRecord> trials) => Nas.Execution.TrialRecords.Best(trials);
}
