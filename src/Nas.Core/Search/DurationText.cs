using System.Globalization;
using System.Text.RegularExpressions;

namespace Nas.Search;

/// <summary>Lengths of time as people write them: <c>90s</c>, <c>30m</c>, <c>1h30m</c>, <c>2h</c>, or plain seconds.</summary>
internal static partial class DurationText
{
    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses <paramref name="text"/>; false when it is not a duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim().ToLowerInvariant();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double plain))
        {
            if (!double.IsFinite(plain) || plain > TimeSpan.MaxValue.TotalSeconds / 2) return false;
            duration = TimeSpan.FromSeconds(plain);
            return true;
        }
        var m = Pattern().Match(text);
        if (!m.Success || text.Length == 0) return false;
        double Part(int g) => m.Groups[g].Success ? double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
        double seconds = Part(1) * 3600 + Part(2) * 60 + Part(3);
        if (seconds > TimeSpan.MaxValue.TotalSeconds / 2) return false;
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>The shortest text that <see cref="TryParse"/> reads back as <paramref name="duration"/>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration.TotalSeconds % 3600 == 0) return $"{duration.TotalSeconds / 3600:0}h";
        if (duration.TotalSeconds % 60 == 0) return $"{duration.TotalSeconds / 60:0}m";
        return $"{duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
    }
}
