using System.Text.Json.Nodes;

namespace Nas.Search;

/// <summary>
/// The settings of one part of a search (<c>training</c>, <c>controller</c>, <c>pruner</c>, ...): a name, a title
/// for help pages, and the settings in the order they are shown. <see cref="Read"/> checks what was given against
/// them and fills in the defaults.
/// </summary>
/// <param name="Name">The group's name, the first part of its settings' paths (<c>training</c>).</param>
/// <param name="Title">A title for help pages.</param>
/// <param name="Settings">The settings, in the order they are shown.</param>
public sealed record SettingGroup(string Name, string Title, IReadOnlyList<Setting> Settings)
{
    /// <summary>The setting with this key, or null.</summary>
    /// <param name="key">The setting's key.</param>
    public Setting? Find(string key) => Settings.FirstOrDefault(s => s.Key == key);

    /// <summary>The same group with other defaults for some of its settings (a method's or a space's own).</summary>
    /// <param name="defaults">Keys of the group and their new defaults.</param>
    public SettingGroup WithDefaults(params (string Key, JsonNode? Value)[] defaults)
    {
        var map = defaults.ToDictionary(d => d.Key, d => d.Value);
        foreach (var key in map.Keys)
            if (Find(key) is null) throw new ArgumentException($"group {Name} has no setting '{key}'", nameof(defaults));
        return this with { Settings = Settings.Select(s => map.TryGetValue(s.Key, out var v) ? s.WithDefault(v) : s).ToArray() };
    }

    /// <summary>The same group without some settings (that do not apply to a method).</summary>
    /// <param name="keys">Keys of the settings to leave out.</param>
    public SettingGroup Without(params string[] keys) => this with { Settings = Settings.Where(s => !keys.Contains(s.Key)).ToArray() };

    /// <summary>
    /// Checks <paramref name="given"/> (the values a user set, possibly none, possibly as text) and returns every
    /// value in effect. Throws <see cref="SettingException"/> naming <c>group.key</c> for an unknown key or a value
    /// that is not accepted.
    /// </summary>
    /// <param name="given">The values given, by key; null for none.</param>
    public SettingValues Read(JsonObject? given)
    {
        var values = new JsonObject();
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (given is not null)
        {
            foreach (var (key, value) in given)
            {
                var setting = Find(key) ?? throw new UnknownSettingException($"{Name}.{key}",
                    $"is not a setting of {Name} (known: {string.Join(", ", Settings.Select(s => s.Key))})");
                if (value is null) continue;
                values[key] = setting.Parse(value, $"{Name}.{key}");
                set.Add(key);
            }
        }
        var ordered = new JsonObject();
        foreach (var s in Settings)
        {
            if (values[s.Key] is { } v) ordered[s.Key] = v.DeepClone();
            else if (s.Default is { } d) ordered[s.Key] = d.DeepClone();
        }
        return new SettingValues(Name, ordered, set);
    }
}
