using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Search;

/// <summary>
/// Group <c>warm_start</c> of a multi-trial search: start the strategy from an earlier experiment's finished trials
/// (<see cref="IWarmStartable"/>), of the same space with the same settings, on the same or another data set.
/// </summary>
public static class WarmStartSettings
{
    /// <summary>The settings.</summary>
    public static SettingGroup Group { get; } = new("warm_start", "Warm start", [
        Setting.Text("from", null, "an earlier experiment of the same space (its directory, its experiment.db, or a postgresql:// or sqlite:/// storage URL): the strategy starts from its finished trials"),
        Setting.Text("experiment", null, "the earlier experiment's name, when it is kept in PostgreSQL", advanced: true),
    ]);

    /// <summary>The earlier experiment's completed trials as results of <paramref name="space"/>, oldest first; null when none is named.</summary>
    /// <param name="values">The <c>warm_start</c> group as read from a request.</param>
    /// <param name="space">The space being searched; the earlier trials must be of it.</param>
    /// <exception cref="SettingException">The path holds no experiment, or one of another space, or no trial of this space's settings.</exception>
    public static IReadOnlyList<PriorResult>? Read(SettingValues values, SearchSpace space)
    {
        if (values.OptionalText("from") is not { } from) return null;
        string path = values.PathOf("from");
        string? experiment = values.OptionalText("experiment");
        StorageLocation location;
        try { location = from.Contains("://", StringComparison.Ordinal) ? StorageLocation.Parse(from) : Local(from, path); }
        catch (StorageLocationException e) { throw new SettingException(path, e.Problem); }
        if (location.IsPostgres && experiment is null) throw new SettingException(values.PathOf("experiment"), $"is needed to read {location}");
        if (!location.IsPostgres && !File.Exists(location.SqlitePath)) throw new SettingException(path, $"{from}: no experiment there");
        if (location.IsPostgres) from = location.Redacted; // never a password in a message
        IReadOnlyList<TrialRecord> trials;
        try
        {
            using var store = location.OpenReadOnly(experiment);
            trials = store.Trials();
        }
        catch (StorageLocationException e) when (e.Part == StoragePart.Experiment) { throw new SettingException(values.PathOf("experiment"), e.Problem); }
        catch (Exception e) when (e is NasUserException or System.Data.Common.DbException)
        {
            throw new SettingException(path, $"{from} cannot be read as an experiment: {e.Message}");
        }
        var results = new List<PriorResult>();
        int unfit = 0;
        foreach (var t in trials.Where(t => t.Status == TrialStatus.Completed && t.ValidationAccuracy is { } v && double.IsFinite(v)).OrderBy(t => t.Id))
        {
            using var doc = JsonDocument.Parse(t.ArchitectureJson);
            string? spaceName = doc.RootElement.TryGetProperty("space", out var s) && s.ValueKind == JsonValueKind.Object
                && s.TryGetProperty("name", out var n) ? n.GetString() : null;
            if (spaceName != space.Name) throw new SettingException(path, $"{from} searched the '{spaceName}' space, not '{space.Name}'");
            try { results.Add(new PriorResult(Architecture.FromValuesJson(space, doc.RootElement.GetProperty("values")), t.ValidationAccuracy!.Value)); }
            catch (ArchitectureException) { unfit++; }
        }
        if (results.Count == 0)
            throw new SettingException(path, unfit > 0
                ? $"{from}: none of its {unfit} finished trials fits this search's {space.Name} settings"
                : $"{from} has no finished trial");
        return results;
    }

    private static StorageLocation Local(string from, string path)
    {
        string file = Directory.Exists(from) ? Path.Combine(from, StorageLocation.FileName) : from;
        return File.Exists(file) ? StorageLocation.Sqlite(file)
            : throw new SettingException(path, $"{from}: no experiment there (expected an experiment directory or its {StorageLocation.FileName})");
    }
}
