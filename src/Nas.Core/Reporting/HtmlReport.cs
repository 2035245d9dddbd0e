using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Execution;
using Nas.Execution.Pruning;
using Nas.Search;
using Nas.Spaces;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Reporting;

/// <summary>
/// One self-contained HTML file about an experiment (<c>nas report</c>): the result, the trials against their number and
/// against time, accuracy against parameters and multiply-adds with the Pareto front marked, every numeric series of
/// the search log (controller rewards and entropy, ENAS, DARTS and SNAS epochs, <c>nas auto</c>'s rungs), the trials'
/// learning curves with ASHA's rungs, the picture of the best architecture (<see cref="SpaceKind.Picture"/>), the final training's curves and test result where a training's <c>result.json</c> is beside
/// it, the trials table and the configuration. Inline SVG and CSS only: it opens offline. Only reads.
/// </summary>
public static class HtmlReport
{
    /// <summary>The report's file name in an experiment's directory.</summary>
    public const string FileName = "report.html";

    /// <summary>The report of the experiment in <paramref name="store"/>.</summary>
    /// <param name="store">The experiment (opened read-only by the caller), or null for a training alone (<c>nas train</c>'s directory).</param>
    /// <param name="directory">Its directory, where best.svg and a final training's result.json are looked for; null for none.</param>
    public static string Render(IExperimentStore? store, string? directory)
    {
        var trials = store?.Trials() ?? [];
        var steps = store?.Steps() ?? [];
        // A training's result.json beside the experiment, read once for the whole report.
        var final = FinalResult(directory);
        var configuration = store?.LoadConfiguration() is { } c ? JsonNode.Parse(c) as JsonObject : final?["configuration"] as JsonObject;
        var request = configuration?["request"];
        string title = store is null ? $"nas train: {Describe(configuration?["architecture"]?.ToJsonString() ?? "{}")}" : $"nas {request?["method"]?.GetValue<string>() ?? "search"} on {request?["space"]?.GetValue<string>() ?? configuration?["space"]?["name"]?.GetValue<string>() ?? "?"}";
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(Escape(title)).Append("</title><style>")
            .Append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1200px}h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}")
            .Append("table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:right}td.l,th.l{text-align:left}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:12px}pre{background:#f6f6f6;padding:8px;font-size:11px;overflow:auto;max-height:400px}.best{background:#fff6cc}")
            .Append("</style></head><body>");
        html.Append("<h1>").Append(Escape(title)).Append("</h1><p>")
            .Append(Escape(store is null
                ? $"a training from scratch; seed {configuration?["seed"]}; report written {DateTimeOffset.Now:yyyy-MM-dd HH:mm}"
                : $"{trials.Count} trials, {steps.Count} search-log steps; seed {request?["seed"]}; report written {DateTimeOffset.Now:yyyy-MM-dd HH:mm}")).Append("</p>");

        Result(html, trials, directory, final);
        TrialCharts(html, trials);
        SearchLog(html, steps);
        Matrices(html, steps, configuration);
        LearningCurves(html, trials, configuration);
        Picture(html, trials, directory, store is null);
        FinalTraining(html, final);
        TrialTable(html, trials);
        html.Append("<h2>Configuration</h2><pre>").Append(Escape(configuration?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "(none recorded)")).Append("</pre>");
        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>Renders the report and writes it to <paramref name="path"/> (default: <see cref="FileName"/> in <paramref name="directory"/>); returns the path.</summary>
    /// <param name="store">The experiment, or null for a training alone.</param>
    /// <param name="directory">Its directory.</param>
    /// <param name="path">Where to write, or null for the directory's report.html.</param>
    public static string Write(IExperimentStore? store, string directory, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        path ??= Path.Combine(directory, FileName);
        File.WriteAllText(path, Render(store, directory));
        return path;
    }

    /// <summary>The points of the Pareto front of (parameters: fewer is better, accuracy: more is better), by parameters.</summary>
    /// <param name="points">(parameters, accuracy) pairs.</param>
    public static IReadOnlyList<(double Parameters, double Accuracy)> ParetoFront(IEnumerable<(double Parameters, double Accuracy)> points)
    {
        var front = new List<(double, double)>();
        double best = double.NegativeInfinity;
        foreach (var p in points.OrderBy(p => p.Parameters).ThenByDescending(p => p.Accuracy))
            if (p.Accuracy > best) { front.Add(p); best = p.Accuracy; }
        return front;
    }

    private static void Result(StringBuilder html, IReadOnlyList<TrialRecord> trials, string? directory, JsonObject? final)
    {
        html.Append("<h2>Result</h2>");
        if (TrialRecords.Best(trials) is { } best)
            html.Append("<p>Best trial ").Append(best.Id).Append(": <b>").Append(Escape(Describe(best.ArchitectureJson))).Append("</b>, validation accuracy ")
                .Append(Percent(best.ValidationAccuracy)).Append(", ").Append(Escape(Count(best.Parameters))).Append(" parameters (search figures, not test results).</p>");
        else if (directory is not null && File.Exists(Path.Combine(directory, "architecture.json")) && !File.Exists(Path.Combine(directory, "best.json")))
            html.Append("<p>Architecture: <b>").Append(Escape(Describe(File.ReadAllText(Path.Combine(directory, "architecture.json"))))).Append("</b></p>");
        else if (directory is not null && File.Exists(Path.Combine(directory, "best.json")))
            html.Append("<p>Best architecture: <b>").Append(Escape(Describe(File.ReadAllText(Path.Combine(directory, "best.json"))))).Append("</b></p>");
        else html.Append("<p>No trial completed yet.</p>");
        if (final?["test_accuracy"] is { } test)
            html.Append("<p>Final training: <b>test accuracy ").Append(Percent(test.GetValue<double>())).Append("</b> after ")
                .Append(final["trained_epochs"]?.ToString() ?? "?").Append(" epochs, ").Append(Escape(Count(final["parameters"]?.GetValue<long>()))).Append(" parameters (the test set, measured once).</p>");
    }

    private static void TrialCharts(StringBuilder html, IReadOnlyList<TrialRecord> trials)
    {
        var done = trials.Where(t => t.Status == TrialStatus.Completed && t.ValidationAccuracy is { } a && double.IsFinite(a)).OrderBy(t => t.Id).ToList();
        if (done.Count == 0) return;
        html.Append("<h2>Trials</h2><div class=\"charts\">");
        var start = trials.Min(t => t.StartedAt);
        double bestSoFar = double.NegativeInfinity;
        var best = done.Select(t => (X: (double)t.Id, Y: bestSoFar = Math.Max(bestSoFar, t.ValidationAccuracy!.Value))).ToList();
        html.Append(new SvgChart("Validation accuracy by trial", "trial", "validation accuracy")
            .Add("trial", done.Select(t => ((double)t.Id, t.ValidationAccuracy!.Value)), line: false).Add("best so far", best).Render());
        double bestInTime = double.NegativeInfinity;
        var byTime = done.Where(t => t.FinishedAt is not null).OrderBy(t => t.FinishedAt).ToList();
        html.Append(new SvgChart("Best so far against time", "minutes", "validation accuracy")
            .Add("best so far", byTime.Select(t => ((t.FinishedAt!.Value - start).TotalMinutes, bestInTime = Math.Max(bestInTime, t.ValidationAccuracy!.Value)))).Render());
        var sized = done.Where(t => t.Parameters > 0).ToList();
        if (sized.Count > 0)
        {
            var front = ParetoFront(sized.Select(t => ((double)t.Parameters!.Value, t.ValidationAccuracy!.Value)));
            html.Append(new SvgChart("Accuracy against parameters", "parameters", "validation accuracy")
                .Add("trial", sized.Select(t => ((double)t.Parameters!.Value, t.ValidationAccuracy!.Value)), line: false).Add("Pareto front", front).Render());
            var costed = sized.Where(t => t.MultiplyAdds > 0).ToList();
            if (costed.Count > 0)
                html.Append(new SvgChart("Accuracy against multiply-adds", "multiply-adds per image", "validation accuracy")
                    .Add("trial", costed.Select(t => ((double)t.MultiplyAdds!.Value, t.ValidationAccuracy!.Value)), line: false)
                    .Add("Pareto front", ParetoFront(costed.Select(t => ((double)t.MultiplyAdds!.Value, t.ValidationAccuracy!.Value)))).Render());
        }
        var timed = done.Where(t => t.LatencyMilliseconds is { } ms && double.IsFinite(ms)).ToList();
        if (timed.Count > 0)
            html.Append(new SvgChart("Accuracy against predicted latency", "milliseconds per image (batch 1, this machine)", "validation accuracy")
                .Add("trial", timed.Select(t => (t.LatencyMilliseconds!.Value, t.ValidationAccuracy!.Value)), line: false)
                .Add("Pareto front", ParetoFront(timed.Select(t => (t.LatencyMilliseconds!.Value, t.ValidationAccuracy!.Value)))).Render());
        html.Append("</div>");
    }

    // Every trial's validation accuracy per epoch, completed and pruned trials apart, with the rungs of ASHA (or the
    // median rule's warm-up) marked: where early stopping cut the curves, and whether the survivors were the ones
    // that ended best.
    private static void LearningCurves(StringBuilder html, IReadOnlyList<TrialRecord> trials, JsonObject? configuration)
    {
        var curved = trials.Where(t => t.Epochs.Count > 0 && t.Status is TrialStatus.Completed or TrialStatus.Pruned).ToList();
        if (!curved.Any(t => t.Epochs.Count > 1)) return;
        static IEnumerable<(double, double)> Curve(TrialRecord t) => t.Epochs.Select(e => ((double)e.Epoch, e.ValidationAccuracy));
        var chart = new SvgChart("Learning curves", "epoch", "validation accuracy")
            .AddLines("completed", curved.Where(t => t.Status == TrialStatus.Completed).Select(Curve))
            .AddLines("pruned", curved.Where(t => t.Status == TrialStatus.Pruned).Select(Curve));
        var rungs = Rungs(configuration, curved.Max(t => t.Epochs.Max(e => e.Epoch)));
        foreach (var (epoch, i) in rungs.Select((e, i) => (e, i))) chart.Mark(epoch, $"rung {i + 1}");
        html.Append("<h2>Learning curves</h2><p>").Append(Escape(rungs.Count > 0
            ? $"Validation accuracy of every trial after each epoch; ASHA's rungs at epoch {string.Join(", ", rungs)}: a trial goes past a rung only when it is in the top of the values recorded there."
            : "Validation accuracy of every trial after each epoch.")).Append("</p><div class=\"charts\">").Append(chart.Render(760, 340)).Append("</div>");
    }

    // ASHA's rung epochs up to the longest curve, from the search's pruner settings; none for another pruner.
    private static IReadOnlyList<int> Rungs(JsonObject? configuration, int maxEpochs)
    {
        if (configuration?["settings"]?["pruner"] is not JsonObject pruner || pruner["name"]?.GetValue<string>() != "asha") return [];
        try
        {
            return PrunerCatalog.Create(PrunerCatalog.Settings.Read(pruner)) is SuccessiveHalvingPruner asha ? asha.Rungs(maxEpochs) : [];
        }
        catch (Exception e) when (e is SettingException or InvalidOperationException or FormatException) { return []; }
    }

    // The picture of the best architecture (of a training: its architecture), as its space draws it; a best.svg
    // beside the experiment where the space draws none.
    private static void Picture(StringBuilder html, IReadOnlyList<TrialRecord> trials, string? directory, bool training)
    {
        string? Read(string name) => directory is not null && File.Exists(Path.Combine(directory, name)) ? File.ReadAllText(Path.Combine(directory, name)) : null;
        string? json = TrialRecords.Best(trials)?.ArchitectureJson ?? Read("best.json") ?? Read("architecture.json"), svg = null;
        if (json is not null)
            try { svg = SpaceCatalog.Default.Picture(Architecture.FromJson(json)); }
            catch (Exception e) when (e is JsonException or ArchitectureException or NasUserException or ArgumentException) { svg = null; }
        svg ??= Read("best.svg");
        if (svg is not null) html.Append(training ? "<h2>Architecture</h2>" : "<h2>Best architecture</h2>").Append(svg);
    }

    // One chart per search-log kind and numeric field (controller rewards, entropy, alpha entropy, rung accuracies, ...).
    private static void SearchLog(StringBuilder html, IReadOnlyList<SearchStep> steps)
    {
        if (steps.Count == 0) return;
        html.Append("<h2>Search log</h2><div class=\"charts\">");
        foreach (var kind in steps.GroupBy(s => s.Kind))
        {
            var series = new SortedDictionary<string, List<(double, double)>>(StringComparer.Ordinal);
            foreach (var step in kind)
                if (JsonNode.Parse(step.Json) is JsonObject values)
                    foreach (var (key, value) in values.SelectMany(f => f.Value is JsonObject inner ? inner.Select(g => ($"{f.Key}.{g.Key}", g.Value)) : [(f.Key, f.Value)]))
                        if (value is JsonValue v && v.TryGetValue<double>(out var number))
                            (series.TryGetValue(key, out var list) ? list : series[key] = []).Add((step.Step, number));
            foreach (var (key, points) in series.Where(s => s.Value.Count > 1).Take(12))
                html.Append(new SvgChart($"{kind.Key}: {key}", "step", key).Add(key, points).Render(380, 240));
        }
        html.Append("</div>");
    }

    // Every [edges][ops] matrix of the search log (DARTS's and SNAS's softmax of alpha per cell), as heat maps at the
    // first and the last epoch: how the architecture distribution moved. Columns are named by the space's ops when
    // the configuration lists as many.
    private static void Matrices(StringBuilder html, IReadOnlyList<SearchStep> steps, JsonObject? configuration)
    {
        var ops = (configuration?["space"]?["settings"]?["ops"] as JsonArray)?.Select(o => o?.GetValue<string>() ?? "?").ToArray();
        bool any = false;
        foreach (var kind in steps.GroupBy(s => s.Kind))
        {
            var ordered = kind.OrderBy(s => s.Step).ToList();
            foreach (var step in ordered.Count > 1 ? new[] { ordered[0], ordered[^1] } : [ordered[0]])
            {
                if (JsonNode.Parse(step.Json) is not JsonObject values) continue;
                // Top-level matrices, and one level down, where an "ops" list beside them names their columns (alpha_softmax).
                var found = values.Select(f => (Key: f.Key, Value: f.Value, Names: ops))
                    .Concat(values.Where(f => f.Value is JsonObject).SelectMany(f => ((JsonObject)f.Value!).Select(g => (Key: $"{f.Key}.{g.Key}", Value: g.Value,
                        Names: (f.Value!["ops"] as JsonArray)?.Select(o => o?.GetValue<string>() ?? "?").ToArray() ?? ops))));
                foreach (var (key, value, names) in found)
                {
                    if (Matrix(value) is not { } rows) continue;
                    if (!any) html.Append("<h2>Architecture weights</h2>");
                    any = true;
                    int columns = rows.Max(r => r.Length);
                    html.Append("<p>").Append(Escape($"{kind.Key} step {step.Step}: {key} (rows: edges; shaded by weight, the strongest op in bold)")).Append("</p><table><tr><th></th>");
                    for (int c = 0; c < columns; c++) html.Append("<th>").Append(Escape(names is not null && names.Length == columns ? names[c] : $"op {c}")).Append("</th>");
                    html.Append("</tr>");
                    for (int r = 0; r < rows.Length; r++)
                    {
                        // Shaded by the weight itself (a softmax: 0 white, 1 darkest); the edge's strongest op in bold.
                        double max = rows[r].Max(), second = rows[r].OrderDescending().Skip(1).DefaultIfEmpty(double.NegativeInfinity).First();
                        html.Append("<tr><th>edge ").Append(r).Append("</th>");
                        foreach (double v in rows[r])
                        {
                            int shade = (int)Math.Round(255 - 200 * Math.Clamp(v, 0, 1));
                            string text = v.ToString("F3", CultureInfo.InvariantCulture);
                            html.Append(CultureInfo.InvariantCulture, $"<td style=\"background:rgb({shade},{shade},255)\">{(v == max && max - second > 1e-3 ? $"<b>{text}</b>" : text)}</td>");
                        }
                        html.Append("</tr>");
                    }
                    html.Append("</table>");
                }
            }
        }
    }

    // A value that is a non-empty array of non-empty arrays of numbers, else null.
    private static double[][]? Matrix(JsonNode? value)
    {
        if (value is not JsonArray rows || rows.Count == 0) return null;
        var result = new double[rows.Count][];
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not JsonArray row || row.Count == 0) return null;
            result[r] = new double[row.Count];
            for (int c = 0; c < row.Count; c++)
                if (row[c] is JsonValue v && v.TryGetValue<double>(out var d)) result[r][c] = d;
                else return null;
        }
        return result;
    }

    private static void FinalTraining(StringBuilder html, JsonObject? final)
    {
        if (final?["epochs"] is not JsonArray epochs || epochs.Count == 0) return;
        (double, double) Point(JsonNode? e, string key) => (e?["epoch"]?.GetValue<double>() ?? double.NaN, e?[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : double.NaN);
        html.Append("<h2>Final training</h2><div class=\"charts\">")
            .Append(new SvgChart("Training loss", "epoch", "loss").Add("train loss", epochs.Select(e => Point(e, "train_loss"))).Render())
            .Append(new SvgChart("Training accuracy", "epoch", "accuracy").Add("train accuracy", epochs.Select(e => Point(e, "train_accuracy"))).Render())
            .Append(new SvgChart("Speed", "epoch", "images per second").Add("img/s", epochs.Select(e => Point(e, "images_per_second"))).Render())
            .Append("</div>");
    }

    private static void TrialTable(StringBuilder html, IReadOnlyList<TrialRecord> trials)
    {
        if (trials.Count == 0) return;
        var best = TrialRecords.Best(trials)?.Id;
        html.Append("<h2>All trials</h2><table><tr><th>trial</th><th class=\"l\">status</th><th class=\"l\">architecture</th><th>validation accuracy</th><th>parameters</th><th>multiply-adds</th><th>seconds</th><th class=\"l\">error</th></tr>");
        foreach (var t in trials.OrderBy(t => t.Id))
            html.Append(t.Id == best ? "<tr class=\"best\">" : "<tr>").Append("<td>").Append(t.Id).Append("</td><td class=\"l\">").Append(t.Status.ToString().ToLowerInvariant())
                .Append("</td><td class=\"l\">").Append(Escape(Describe(t.ArchitectureJson))).Append("</td><td>").Append(Percent(t.ValidationAccuracy))
                .Append("</td><td>").Append(Escape(Count(t.Parameters))).Append("</td><td>").Append(Escape(Count(t.MultiplyAdds)))
                .Append("</td><td>").Append(t.TrainingSeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "").Append("</td><td class=\"l\">").Append(Escape(t.Error ?? "")).Append("</td></tr>");
        html.Append("</table>");
    }

    // A training's result beside the experiment: nas auto writes it into the directory, a search's "next" command into final/.
    private static JsonObject? FinalResult(string? directory)
    {
        if (directory is null) return null;
        foreach (var path in new[] { Path.Combine(directory, "result.json"), Path.Combine(directory, "final", "result.json") })
            if (File.Exists(path))
                try { return JsonNode.Parse(File.ReadAllText(path)) as JsonObject; }
                catch (JsonException) { return null; }
        return null;
    }

    private static string Describe(string architectureJson)
    {
        try
        {
            return SpaceCatalog.Default.Describe(Architecture.FromJson(architectureJson));
        }
        catch (Exception e) when (e is JsonException or ArchitectureException or NasUserException) { return "(unreadable architecture)"; }
    }

    private static string Percent(double? value) => value is { } v && double.IsFinite(v) ? (100 * v).ToString("F2", CultureInfo.InvariantCulture) + "%" : "";

    private static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "";

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
