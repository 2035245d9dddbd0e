using System.Text.Json.Nodes;

namespace Nas.Search;

/// <summary>
/// The values in effect for one <see cref="SettingGroup"/>: what was given, checked, and the defaults of the rest.
/// Read them by key; an unset optional setting reads as null.
/// </summary>
public sealed class SettingValues
{
    private readonly HashSet<string> _given;

    internal SettingValues(string group, JsonObject values, HashSet<string> given)
    {
        Group = group;
        Values = values;
        _given = given;
    }

    /// <summary>The group's name.</summary>
    public string Group { get; }

    /// <summary>Every value in effect, as JSON (for the recorded configuration).</summary>
    public JsonObject Values { get; }

    /// <summary>Whether the user gave <paramref name="key"/> (rather than leaving it to its default).</summary>
    /// <param name="key">A key of the group.</param>
    public bool Given(string key) => _given.Contains(key);

    /// <summary>The path of a key, for messages: <c>group.key</c>.</summary>
    /// <param name="key">A key of the group.</param>
    public string PathOf(string key) => $"{Group}.{key}";

    /// <summary>A whole number that has a default or was given.</summary>
    /// <param name="key">A key of the group.</param>
    public int Integer(string key) => OptionalInteger(key) ?? throw Missing(key);

    /// <summary>A whole number, or null when unset.</summary>
    /// <param name="key">A key of the group.</param>
    public int? OptionalInteger(string key) => Values[key]?.GetValue<int>();

    /// <summary>A real number that has a default or was given.</summary>
    /// <param name="key">A key of the group.</param>
    public double Real(string key) => OptionalReal(key) ?? throw Missing(key);

    /// <summary>A real number, or null when unset.</summary>
    /// <param name="key">A key of the group.</param>
    public double? OptionalReal(string key) => Values[key]?.GetValue<double>();

    /// <summary>A true/false setting.</summary>
    /// <param name="key">A key of the group.</param>
    public bool Boolean(string key) => OptionalBoolean(key) ?? throw Missing(key);

    /// <summary>A true/false setting, or null when the group has no such setting or it is unset.</summary>
    /// <param name="key">A key of the group.</param>
    public bool? OptionalBoolean(string key) => Values[key]?.GetValue<bool>();

    /// <summary>A word that has a default or was given.</summary>
    /// <param name="key">A key of the group.</param>
    public string Text(string key) => OptionalText(key) ?? throw Missing(key);

    /// <summary>A word, or null when unset.</summary>
    /// <param name="key">A key of the group.</param>
    public string? OptionalText(string key) => Values[key]?.GetValue<string>();

    /// <summary>A length of time, or null when unset.</summary>
    /// <param name="key">A key of the group.</param>
    public TimeSpan? OptionalDuration(string key) => Values[key] is { } v && DurationText.TryParse(v.GetValue<string>(), out var d) ? d : null;

    /// <summary>A length of time that has a default or was given.</summary>
    /// <param name="key">A key of the group.</param>
    public TimeSpan Duration(string key) => OptionalDuration(key) ?? throw Missing(key);

    /// <summary>A list of whole numbers, or null when unset.</summary>
    /// <param name="key">A key of the group.</param>
    public int[]? Integers(string key) => Values[key] is JsonArray a ? a.Select(n => n!.GetValue<int>()).ToArray() : null;

    private InvalidOperationException Missing(string key) => new($"setting {PathOf(key)} has no value and no default");
}
