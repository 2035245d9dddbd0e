using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nas.Search;

/// <summary>
/// One named setting of a search method, a space or one of their parts: its kind, its default, the values it
/// accepts and what it means. Settings are data, so every front end (the CLI, a configuration file, code) offers,
/// checks and records them the same way; a new strategy's settings reach the CLI by being declared here.
/// </summary>
public sealed record Setting
{
    /// <summary>The key within its group, lower case with underscores (<c>learning_rate</c>).</summary>
    public required string Key { get; init; }

    /// <summary>The kind of value.</summary>
    public required SettingKind Kind { get; init; }

    /// <summary>What the setting means, one sentence.</summary>
    public required string Description { get; init; }

    /// <summary>The value when none is given, or null when the setting stays unset unless given.</summary>
    public JsonNode? Default { get; init; }

    /// <summary>The smallest value accepted (numbers), or null.</summary>
    public double? Minimum { get; init; }

    /// <summary>Whether <see cref="Minimum"/> itself is refused.</summary>
    public bool MinimumExclusive { get; init; }

    /// <summary>The largest value accepted (numbers), or null.</summary>
    public double? Maximum { get; init; }

    /// <summary>Whether <see cref="Maximum"/> itself is refused.</summary>
    public bool MaximumExclusive { get; init; }

    /// <summary>The accepted words of a text setting (compared without case), or null for any.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>Rarely changed: front ends may show it only on request.</summary>
    public bool Advanced { get; init; }

    /// <summary>A whole-number setting.</summary>
    /// <param name="key">The key within its group, lower case with underscores.</param>
    /// <param name="defaultValue">The value when none is given; null: unset unless given.</param>
    /// <param name="description">What the setting means, one sentence.</param>
    /// <param name="minimum">The smallest value accepted, or null.</param>
    /// <param name="maximum">The largest value accepted, or null.</param>
    /// <param name="advanced">Rarely changed: shown only on request.</param>
    public static Setting Integer(string key, int? defaultValue, string description, int? minimum = null, int? maximum = null, bool advanced = false) => new()
    {
        Key = key, Kind = SettingKind.Integer, Description = description, Default = defaultValue is { } d ? JsonValue.Create(d) : null,
        Minimum = minimum, Maximum = maximum, Advanced = advanced,
    };

    /// <summary>A real-number setting; <paramref name="positive"/> refuses 0 and below.</summary>
    /// <param name="key">The key within its group, lower case with underscores.</param>
    /// <param name="defaultValue">The value when none is given; null: unset unless given.</param>
    /// <param name="description">What the setting means, one sentence.</param>
    /// <param name="minimum">The smallest value accepted, or null.</param>
    /// <param name="maximum">The largest value accepted, or null.</param>
    /// <param name="positive">Refuse 0 and below (then <paramref name="minimum"/> is ignored).</param>
    /// <param name="belowMaximum">Refuse <paramref name="maximum"/> itself.</param>
    /// <param name="advanced">Rarely changed: shown only on request.</param>
    public static Setting Real(string key, double? defaultValue, string description, double? minimum = null, double? maximum = null,
        bool positive = false, bool belowMaximum = false, bool advanced = false) => new()
    {
        Key = key, Kind = SettingKind.Real, Description = description, Default = defaultValue is { } d ? JsonValue.Create(d) : null,
        Minimum = positive ? 0 : minimum, MinimumExclusive = positive, Maximum = maximum, MaximumExclusive = belowMaximum, Advanced = advanced,
    };

    /// <summary>A true/false setting.</summary>
    /// <param name="key">The key within its group, lower case with underscores.</param>
    /// <param name="defaultValue">The value when none is given.</param>
    /// <param name="description">What the setting means, one sentence.</param>
    /// <param name="advanced">Rarely changed: shown only on request.</param>
    public static Setting Boolean(string key, bool defaultValue, string description, bool advanced = false) => new()
    {
        Key = key, Kind = SettingKind.Boolean, Description = description, Default = JsonValue.Create(defaultValue), Advanced = advanced,
    };

    /// <summary>A word, one of <paramref name="choices"/> when given.</summary>
    /// <param name="key">The key within its group, lower case with underscores.</param>
    /// <param name="defaultValue">The value when none is given; null: unset unless given.</param>
    /// <param name="description">What the setting means, one sentence.</param>
    /// <param name="choices">The accepted words (compared without case), or null for any.</param>
    /// <param name="advanced">Rarely changed: shown only on request.</param>
    public static Setting Text(string key, string? defaultValue, string description, IReadOnlyList<string>? choices = null, bool advanced = false) => new()
    {
        Key = key, Kind = SettingKind.Text, Description = description, Default = defaultValue is null ? null : JsonValue.Create(defaultValue),
        Choices = choices, Advanced = advanced,
    };

    /// <summary>A length of time (<c>90s</c>, <c>30m</c>, <c>1h30m</c>).</summary>
    /// <param name="key">The key within its group, lower case with underscores.</param>
    /// <param name="defaultValue">The value when none is given; null: unset unless given.</param>
    /// <param name="description">What the setting means, one sentence.</param>
    /// <param name="advanced">Rarely changed: shown only on request.</param>
    public static Setting Duration(string key, TimeSpan? defaultValue, string description, bool advanced = false) => new()
    {
        Key = key, Kind = SettingKind.Duration, Description = description,
        Default = defaultValue is { } d ? JsonValue.Create(DurationText.Format(d)) : null, Advanced = advanced,
    };

    /// <summary>A list of whole numbers (<c>1,3</c>), each at least <paramref name="minimum"/> when given.</summary>
    /// <param name="key">The key within its group, lower case with underscores.</param>
    /// <param name="description">What the setting means, one sentence.</param>
    /// <param name="minimum">The smallest value accepted for each, or null.</param>
    /// <param name="advanced">Rarely changed: shown only on request.</param>
    public static Setting Integers(string key, string description, int? minimum = null, bool advanced = false) => new()
    {
        Key = key, Kind = SettingKind.Integers, Description = description, Minimum = minimum, Advanced = advanced,
    };

    /// <summary>The same setting with another default (a method's or a space's own).</summary>
    /// <param name="value">The new default, or null for none.</param>
    public Setting WithDefault(JsonNode? value) => this with { Default = value?.DeepClone() };

    /// <summary>
    /// Reads a value of this setting: a JSON value of its kind, or text that parses as one (front ends pass what the
    /// user typed). Returns the value in its JSON form (numbers as numbers, durations as text, lists as arrays).
    /// Throws <see cref="SettingException"/> with <paramref name="path"/> when the value is not accepted.
    /// </summary>
    /// <param name="given">The value given: typed JSON, or a string to parse.</param>
    /// <param name="path">The setting's path (<c>group.key</c>), for the exception.</param>
    public JsonNode Parse(JsonNode? given, string path)
    {
        if (given is null) throw new SettingException(path, "needs a value");
        string? text = given is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null;
        switch (Kind)
        {
            case SettingKind.Integer:
            {
                long value;
                if (text is not null)
                {
                    if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
                        throw new SettingException(path, $"must be a whole number, got '{text}'");
                }
                else if (given is JsonValue n && Number(n) is { } d && Math.Floor(d) == d && Math.Abs(d) < 1e18) value = (long)d;
                else throw new SettingException(path, $"must be a whole number, got {given.ToJsonString()}");
                CheckRange(value, path);
                if (value is > int.MaxValue or < int.MinValue) throw new SettingException(path, $"is too large, got {value}");
                return JsonValue.Create((int)value);
            }
            case SettingKind.Real:
            {
                double value;
                if (text is not null)
                {
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                        throw new SettingException(path, $"must be a number, got '{text}'");
                }
                else if (given is JsonValue n && Number(n) is { } d) value = d;
                else throw new SettingException(path, $"must be a number, got {given.ToJsonString()}");
                if (!double.IsFinite(value)) throw new SettingException(path, $"must be a finite number, got {Show(value)}");
                CheckRange(value, path);
                return JsonValue.Create(value);
            }
            case SettingKind.Boolean:
            {
                if (given is JsonValue b && b.TryGetValue<bool>(out bool flag)) return JsonValue.Create(flag);
                return text?.ToLowerInvariant() switch
                {
                    "true" or "yes" or "on" or "1" => JsonValue.Create(true),
                    "false" or "no" or "off" or "0" => JsonValue.Create(false),
                    _ => throw new SettingException(path, $"must be true or false, got {(text is null ? given.ToJsonString() : $"'{text}'")}"),
                };
            }
            case SettingKind.Text:
            {
                if (text is null) throw new SettingException(path, $"must be a word, got {given.ToJsonString()}");
                if (Choices is null) return JsonValue.Create(text);
                var match = Choices.FirstOrDefault(c => c.Equals(text, StringComparison.OrdinalIgnoreCase));
                return match is not null ? JsonValue.Create(match)
                    : throw new SettingException(path, $"must be one of {string.Join(", ", Choices)}, got '{text}'");
            }
            case SettingKind.Duration:
            {
                if (!DurationText.TryParse(text ?? (given is JsonValue n && Number(n) is { } d ? d.ToString(CultureInfo.InvariantCulture) : null), out var duration))
                    throw new SettingException(path, $"must be a length of time such as 90s, 30m or 1h30m, got {(text is null ? given.ToJsonString() : $"'{text}'")}");
                if (duration <= TimeSpan.Zero) throw new SettingException(path, $"must be longer than zero, got '{text}'");
                return JsonValue.Create(DurationText.Format(duration));
            }
            case SettingKind.Integers:
            {
                IEnumerable<JsonNode?> items = given is JsonArray array ? array
                    : text is not null ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => (JsonNode?)JsonValue.Create(t))
                    : throw new SettingException(path, $"must be a list of whole numbers such as 1,3, got {given.ToJsonString()}");
                var values = new JsonArray();
                var item = this with { Kind = SettingKind.Integer, Maximum = null };
                foreach (var i in items)
                {
                    try { values.Add(item.Parse(i, path)); }
                    catch (SettingException) { throw new SettingException(path, $"must be a list of whole numbers{(Minimum is { } m ? $" of at least {m}" : "")} such as 1,3, got '{text ?? given.ToJsonString()}'"); }
                }
                return values;
            }
            default: throw new InvalidOperationException($"unknown setting kind {Kind}");
        }
    }

    private void CheckRange(double value, string path)
    {
        bool low = Minimum is { } min && (MinimumExclusive ? value <= min : value < min);
        bool high = Maximum is { } max && (MaximumExclusive ? value >= max : value > max);
        if (low || high) throw new SettingException(path, $"must be {Range()}, got {Show(value)}");
    }

    /// <summary>The accepted range in words ("at least 1", "positive", "in [0, 1)"), or null when any value goes.</summary>
    public string? Range()
    {
        string Num(double x) => Show(x);
        return (Minimum, Maximum) switch
        {
            ({ } lo, { } hi) => $"in {(MinimumExclusive ? "(" : "[")}{Num(lo)}, {Num(hi)}{(MaximumExclusive ? ")" : "]")}",
            (0, null) when MinimumExclusive => "positive",
            (0, null) => "zero or more",
            ({ } lo, null) => MinimumExclusive ? $"more than {Num(lo)}" : $"at least {Num(lo)}",
            (null, { } hi) => MaximumExclusive ? $"less than {Num(hi)}" : $"at most {Num(hi)}",
            _ => null,
        };
    }

    private static string Show(double x) => x.ToString("G", CultureInfo.InvariantCulture);

    // A JSON number however it was made (JsonValue.Create(20) holds an int, which TryGetValue<double> refuses).
    private static double? Number(JsonValue value) =>
        value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture) : null;
}
