using System.Text.Json.Nodes;
using Nas.Cli.Console;
using Nas.Search;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Store;
using Nas.Torch.Runtime;
using Nas.Torch.Search;

namespace Nas.Cli.Commands;

/// <summary>
/// Runs a search from the command line: sets the threads, checks where it goes, builds it through the catalog (every
/// setting checked and the data loaded before anything is created), opens the store, shows progress, and reports.
/// </summary>
internal static class SearchRun
{
    /// <summary>A new search.</summary>
    public static async Task<int> StartAsync(SearchCatalog catalog, SearchRequest request, SearchLocation where, SearchExecution execution,
        Func<string, string> flagOf, CancellationToken ct)
    {
        var method = catalog.Method(request.Method);
        var kind = catalog.Spaces.Kind(method.SpaceOf(request));
        int workers = execution.Workers ?? 1;
        WarnAboutWorkers(workers);
        TorchRuntime.Initialize(SearchThreads.For(kind.Task, execution.Threads, workers));
        string? directory = where.Directory ?? (where.Storage is null ? Path.Combine("runs", $"{kind.Name}-{method.Name}-{DateTime.Now:yyyyMMdd-HHmmss}") : null);
        if (directory is not null) Nas.Search.OutputDirectory.Check(directory);
        var location = where.Store(directory);
        RefuseUsed(location, where.Experiment);
        using var search = catalog.Create(request);
        using var store = location.Open(where.Experiment, create: true);
        return await RunAsync(search, new SearchSession { Store = store, Directory = directory, Workers = workers }, kind, where, flagOf, execution.TensorBoard, ct);
    }

    /// <summary>Continues the search recorded in the store; <paramref name="overlay"/> applies what the command line changes.</summary>
    public static async Task<int> ResumeAsync(SearchCatalog catalog, SearchLocation where, SearchExecution execution,
        Func<SearchRequest, SearchRequest> overlay, Func<string, string> flagOf, CancellationToken ct)
    {
        var location = where.Store(where.Directory);
        if (!location.IsPostgres && !File.Exists(location.SqlitePath)) throw new NasUserException($"{location.SqlitePath}: no experiment there to resume");
        using var store = location.Open(where.Experiment, create: false);
        var request = overlay(SearchRunner.Recorded(store));
        var method = catalog.Method(request.Method);
        var kind = catalog.Spaces.Kind(method.SpaceOf(request));
        // Unless told otherwise, a resumed search runs as it ran: the same threads sum in the same order, so it
        // continues to the very numbers of an unbroken run.
        var recorded = System.Text.Json.Nodes.JsonNode.Parse(store.LoadConfiguration()!);
        int workers = execution.Workers ?? recorded?["workers"]?.GetValue<int>() ?? 1;
        WarnAboutWorkers(workers);
        int? threads = execution.Threads ?? recorded?["runtime"]?["threads"]?.GetValue<int>();
        TorchRuntime.Initialize(SearchThreads.For(kind.Task, threads, workers));
        if (where.Directory is not null) Nas.Search.OutputDirectory.Check(where.Directory);
        using var search = catalog.Create(request);
        return await RunAsync(search, new SearchSession { Store = store, Directory = where.Directory, Workers = workers, Resume = true }, kind, where, flagOf, execution.TensorBoard, ct);
    }

    // More workers than cores share them: each gets one thread, and the search is no faster (docs/benchmarks.md).
    private static void WarnAboutWorkers(int workers)
    {
        if (workers > Environment.ProcessorCount)
            System.Console.Error.WriteLine($"warning: --workers {workers} is more than the {Environment.ProcessorCount} cores of this machine: the workers share them, one thread each, and train no faster than {Environment.ProcessorCount}");
    }

    // A store that holds an experiment is refused before any data is loaded or anything created; looking writes nothing.
    private static void RefuseUsed(StorageLocation location, string? experiment)
    {
        // An empty file is no experiment: the search may start in it (as the store allows).
        if (!location.IsPostgres && (!File.Exists(location.SqlitePath) || new FileInfo(location.SqlitePath!).Length == 0)) return;
        SqlExperimentStore store;
        try { store = location.OpenReadOnly(experiment); }
        catch (NasUserException) when (location.IsPostgres) { return; } // no such experiment yet
        using (store)
            if (SearchRunner.Holds(store)) throw new ExperimentInUseException(store.Location);
    }

    private static async Task<int> RunAsync(ISearch search, SearchSession session, SpaceKind kind, SearchLocation where, Func<string, string> flagOf, string? tensorboard, CancellationToken ct)
    {
        var log = tensorboard is null ? null : new Torch.Monitoring.TensorBoardLog(tensorboard);
        var trial = search as TrialSearch;
        int? trials = trial?.Budget.MaxTrials;
        int epochs = search.Configuration["settings"]?["training"]?["epochs"]?.GetValue<int>() ?? 1;
        if (session.Workers == 0 && trial is not null)
            System.Console.Out.WriteLine($"coordinator only: start workers with ./nas worker --storage {where.Store(session.Directory).Redacted}"
                + (where.Experiment is { } name ? $" --experiment {name}" : ""));
        var result = await ProgressSink.RunAsync(trial is not null ? $"{search.Request.Method} search ({trials?.ToString() ?? "?"} trials)" : $"{search.Request.Method} search ({epochs} epochs)",
            trial is not null ? trials ?? 1 : epochs,
            sink =>
            {
                ISearchObserver display = new SearchDisplay(sink, kind.Task, trials, flagOf);
                return SearchRunner.RunAsync(search, session with { Observer = log?.Observe(display) ?? display }, ct);
            });
        if (log is not null)
            foreach (var figure in result.Figures) log.Scalar($"result/{figure.Name}", figure.Value, 0);
        return Report(search, result, session, kind);
    }

    private static int Report(ISearch search, SearchResult result, SearchSession session, SpaceKind kind)
    {
        bool language = kind.Task == SpaceTask.Language;
        if (result.Trials is { } summary)
        {
            TrialTable.Print(session.Store.Trials(), result.BestTrial, perplexity: language);
            if (result.Best is null)
            {
                System.Console.Error.WriteLine("error: no trial completed, so there is no best architecture" + (summary.Cancelled ? " (search cancelled)" : ""));
                return 1;
            }
            System.Console.Out.WriteLine($"{summary.Completed} completed, {summary.Failed} failed"
                + (summary.Pruned > 0 ? $", {summary.Pruned} pruned" : "")
                + (summary.Interrupted > 0 ? $", {summary.Interrupted} left in the queue (continue with --resume)" : "")
                + $"{(summary.Cancelled ? ", cancelled" : "")} in {Formats.Seconds(result.Elapsed.TotalSeconds)}");
            System.Console.Out.WriteLine($"best: trial {result.BestTrial}, {FigureText.Of(result.Figures)} (search figures, not test results)");
        }
        else
        {
            if (result.Best is null)
            {
                System.Console.Error.WriteLine("error: the search ended before it derived an architecture" + (result.Cancelled ? " (cancelled; continue with --resume)" : ""));
                return result.Cancelled ? 130 : 1;
            }
            System.Console.Out.WriteLine($"{(Trained(search) ? "chosen" : "derived")}: {ArchitectureText.Short(result.Best)}");
            System.Console.Out.WriteLine(Trained(search)
                ? $"done in {Formats.Seconds(result.Elapsed.TotalSeconds)}: {FigureText.Of(result.Figures)}"
                : $"search {Formats.Seconds(result.Elapsed.TotalSeconds)}: {FigureText.Of(result.Figures)} (search figures, not test results)");
        }
        foreach (var note in result.Notes) System.Console.Out.WriteLine($"note: {note}");
        if (result.Written.Count > 0)
        {
            // The report of the experiment as it ends (nas report DIR writes it again later, with a final training's result).
            string report = Nas.Reporting.HtmlReport.Write(session.Store, session.Directory!);
            System.Console.Out.WriteLine($"wrote {string.Join(", ", result.Written)}, {report}; experiment in {session.Store.Location}");
            if (!Trained(search)) System.Console.Out.WriteLine($"next: {NextStep(search, result.Written[0], session.Directory!)}");
        }
        else System.Console.Out.WriteLine($"experiment in {session.Store.Location} (no --out, so no files written)");
        return result.Cancelled ? 130 : 0;
    }

    // A search that trains its result itself (auto) has no next step: its model is written.
    private static bool Trained(ISearch search) => search is Torch.Auto.AutoSearch;

    // The command that trains the result: the library's recommended training, written as flags.
    private static string NextStep(ISearch search, string bestPath, string directory)
    {
        var request = Torch.Final.FinalTraining.Recommended(search, bestPath);
        var flags = request.Settings.SelectMany(g => ((JsonObject)g.Value!).Select(s => $"{Settings.SettingFlags.Flag($"{g.Key}.{s.Key}")} {s.Value}"));
        return $"./nas train --arch {bestPath} {string.Join(" ", flags)} --out {Path.Combine(directory, "final")}";
    }
}
