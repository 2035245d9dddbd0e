using System.Globalization;
using System.Text.RegularExpressions;

namespace Nas.Cli.Options;

/// <summary>Reads durations such as <c>90s</c>, <c>30m</c>, <c>1h30m</c> or <c>2h</c>.</summary>
internal static partial class DurationParser
{
    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$")]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var m = Pattern().Match(text.Trim().ToLowerInvariant());
        if (!m.Success || text.Trim().Length == 0) return false;
        double Part(int i) => m.Groups[i].Success ? double.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        duration = TimeSpan.FromHours(Part(1)) + TimeSpan.FromMinutes(Part(2)) + TimeSpan.FromSeconds(Part(3));
        return duration > TimeSpan.Zero;
    }
}
