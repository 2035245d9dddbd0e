using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Store;

namespace Nas.Search;

/// <summary>
/// Runs any <see cref="ISearch"/> the same way: a new search refuses a store that holds an experiment and records its
/// configuration (the request, every setting in effect, the facts of its data) before it starts; a resumed one must
/// be the recorded search (only its budget may change); at the end the result's files are written into the session's
/// directory through one writer.
/// </summary>
public static class SearchRunner
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Runs or resumes <paramref name="search"/> in <paramref name="session"/>.</summary>
    /// <param name="search">The search, from <see cref="SearchMethod.Create"/> or built in code.</param>
    /// <param name="session">The store (empty for a new search, the recorded one to resume), the directory for its files, the observer.</param>
    /// <param name="cancellationToken">Stops the search; it can be resumed from the store.</param>
    public static async Task<SearchResult> RunAsync(ISearch search, SearchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(session);
        var store = session.Store;
        var configuration = ConfigurationOf(search, session);
        if (session.Resume)
        {
            var recorded = RecordedConfiguration(store);
            CheckSame(recorded, configuration);
            if (!JsonNode.DeepEquals(recorded["settings"]?["budget"], configuration["settings"]?["budget"]))
            {
                // A new budget is the one change a resume may make; the record says what the search now runs to.
                recorded["request"] = configuration["request"]!.DeepClone();
                recorded["settings"]!["budget"] = configuration["settings"]!["budget"]?.DeepClone();
                store.SaveConfiguration(recorded.ToJsonString(Indented));
            }
        }
        else
        {
            if (Holds(store)) throw new ExperimentInUseException(store.Location);
            store.SaveConfiguration(configuration.ToJsonString(Indented));
        }
        var result = await search.RunAsync(session, cancellationToken).ConfigureAwait(false);
        return session.Directory is { } directory ? Write(result, directory) : result;
    }

    /// <summary>Whether the store holds an experiment (a configuration, trials or a search log).</summary>
    /// <param name="store">The store.</param>
    public static bool Holds(IExperimentStore store) =>
        store.LoadConfiguration() is not null || store.Counts().Total > 0 || store.Steps().Count > 0;

    /// <summary>The request recorded in the store, which rebuilds the search (to resume it, or to serve its trials to workers).</summary>
    /// <param name="store">A store that holds a search's configuration.</param>
    public static SearchRequest Recorded(IExperimentStore store)
    {
        var configuration = RecordedConfiguration(store);
        return SearchRequest.FromJson(configuration["request"]
            ?? throw new NasUserException($"{store.Location}: recorded by an older nas without its request; it cannot be resumed or served to workers"));
    }

    /// <summary>The configuration a search records: the request, its own description, how it runs, the version and the time.</summary>
    /// <param name="search">The search.</param>
    /// <param name="session">How it runs (workers, directory).</param>
    public static JsonObject ConfigurationOf(ISearch search, SearchSession session)
    {
        var o = new JsonObject { ["request"] = search.Request.ToJsonObject() };
        foreach (var (key, value) in search.Configuration) o[key] = value?.DeepClone();
        o["workers"] = session.Workers;
        o["directory"] = session.Directory;
        o["version"] = typeof(SearchRunner).Assembly.GetName().Version?.ToString();
        o["started"] = DateTimeOffset.UtcNow.ToString("O");
        return o;
    }

    /// <summary>Writes the result's files into <paramref name="directory"/> (created if needed); the result lists what was written.</summary>
    /// <param name="result">A search's result.</param>
    /// <param name="directory">Where the files go.</param>
    public static SearchResult Write(SearchResult result, string directory)
    {
        if (result.Artifacts.Count == 0) return result;
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var artifact in result.Artifacts)
        {
            var path = Path.Combine(directory, artifact.Name);
            File.WriteAllText(path, artifact.Content);
            written.Add(path);
        }
        return result with { Written = written };
    }

    private static JsonObject RecordedConfiguration(IExperimentStore store)
    {
        var json = store.LoadConfiguration() ?? throw new NasUserException($"{store.Location}: no search recorded there, so nothing to resume");
        try { return JsonNode.Parse(json) as JsonObject ?? throw new NasUserException($"{store.Location}: the recorded configuration is not a JSON object"); }
        catch (JsonException e) { throw new NasUserException($"{store.Location}: the recorded configuration is malformed: {e.Message}"); }
    }

    // What must not change on resume: the method, the space and its settings, the seed and every setting but the
    // budget (and where the data lives, which may move). The first difference is named.
    private static void CheckSame(JsonObject recorded, JsonObject now)
    {
        foreach (var key in new[] { "method", "seed" })
            if (!JsonNode.DeepEquals(recorded[key], now[key]))
                throw new SettingException(key, $"differs from the recorded search ({recorded[key]?.ToJsonString() ?? "none"}); a resumed search keeps its settings");
        if (!JsonNode.DeepEquals(recorded["space"], now["space"]))
            throw new SettingException("space", $"differs from the recorded search ({recorded["space"]?["name"]}); a resumed search keeps its settings");
        var before = recorded["settings"] as JsonObject ?? new JsonObject();
        var after = now["settings"] as JsonObject ?? new JsonObject();
        foreach (var group in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
        {
            if (group == "budget") continue;
            var b = before[group] as JsonObject ?? new JsonObject();
            var a = after[group] as JsonObject ?? new JsonObject();
            foreach (var key in b.Select(p => p.Key).Union(a.Select(p => p.Key)))
            {
                if (group == "data" && key == "directory") continue;
                if (!JsonNode.DeepEquals(b[key], a[key]))
                    throw new SettingException($"{group}.{key}", $"differs from the recorded search ({b[key]?.ToJsonString() ?? "unset"}); a resumed search keeps its settings, only its budget may change");
            }
        }
    }
}
