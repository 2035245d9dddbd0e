using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nas.Spaces;

/// <summary>
/// One option of a decision: an integer (a filter size, a layer index) or a name (an op).
/// Written to JSON as a number or a string, so architecture files stay readable.
/// </summary>
[JsonConverter(typeof(OptionValueJsonConverter))]
public readonly struct OptionValue : IEquatable<OptionValue>
{
    private readonly string? _text;
    private readonly long _number;

    private OptionValue(long number) { _number = number; _text = null; }
    private OptionValue(string text) { _text = text ?? throw new ArgumentNullException(nameof(text)); _number = 0; }

    /// <summary>True when the option is a number; false when it is a name.</summary>
    public bool IsNumber => _text is null;

    /// <summary>The option as an integer; throws when it is a name.</summary>
    public int AsInt => IsNumber ? checked((int)_number) : throw new InvalidOperationException($"option '{_text}' is not a number");

    /// <summary>The option as a name; throws when it is a number.</summary>
    public string AsName => _text ?? throw new InvalidOperationException($"option {_number} is not a name");

    /// <summary>A number option.</summary>
    public static implicit operator OptionValue(int number) => new(number);
    /// <summary>A name option.</summary>
    public static implicit operator OptionValue(string text) => new(text);

    /// <summary>Equal when both are the same number, or the same name (case-sensitive); a number never equals a name.</summary>
    /// <param name="other">The option to compare with.</param>
    public bool Equals(OptionValue other) => IsNumber ? other.IsNumber && _number == other._number : _text == other._text;
    /// <inheritdoc cref="Equals(OptionValue)"/>
    public override bool Equals(object? obj) => obj is OptionValue o && Equals(o);
    /// <summary>A hash consistent with <see cref="Equals(OptionValue)"/>.</summary>
    public override int GetHashCode() => IsNumber ? _number.GetHashCode() : StringComparer.Ordinal.GetHashCode(_text!);
    /// <inheritdoc cref="Equals(OptionValue)"/>
    public static bool operator ==(OptionValue a, OptionValue b) => a.Equals(b);
    /// <summary>Not <see cref="Equals(OptionValue)"/>.</summary>
    /// <param name="a">One option.</param>
    /// <param name="b">The other.</param>
    public static bool operator !=(OptionValue a, OptionValue b) => !a.Equals(b);

    /// <summary>The number (invariant culture) or the name.</summary>
    public override string ToString() => IsNumber ? _number.ToString(CultureInfo.InvariantCulture) : _text!;

    /// <summary>Reads an option from JSON (a number or a string); null when the element is neither.</summary>
    /// <param name="element">A JSON number (a whole one) or string.</param>
    public static OptionValue? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out long n) => new OptionValue(n),
        JsonValueKind.String => new OptionValue(element.GetString()!),
        _ => (OptionValue?)null,
    };

    internal void WriteTo(Utf8JsonWriter writer)
    {
        if (IsNumber) writer.WriteNumberValue(_number); else writer.WriteStringValue(_text);
    }
}

internal sealed class OptionValueJsonConverter : JsonConverter<OptionValue>
{
    public override OptionValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return OptionValue.FromJson(doc.RootElement) ?? throw new JsonException("an option must be an integer or a string");
    }

    public override void Write(Utf8JsonWriter writer, OptionValue value, JsonSerializerOptions options) => value.WriteTo(writer);
}
