using System.Globalization;

namespace Nas.Cli.Console;

/// <summary>Number formats used in every table and log line.</summary>
internal static class Formats
{
    public static string Percent(double? fraction) => fraction is { } f && double.IsFinite(f) ? (100 * f).ToString("F2", CultureInfo.InvariantCulture) + "%" : "-";
    public static string Count(long? n) => n switch
    {
        null => "-",
        >= 1_000_000_000 => (n.Value / 1e9).ToString("F2", CultureInfo.InvariantCulture) + "G",
        >= 1_000_000 => (n.Value / 1e6).ToString("F2", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (n.Value / 1e3).ToString("F1", CultureInfo.InvariantCulture) + "k",
        _ => n.Value.ToString(CultureInfo.InvariantCulture),
    };
    public static string Seconds(double? s)
    {
        if (s is not { } x) return "-";
        // Rounded before the format is chosen (3,599.6 s read "0:00", the minutes of a whole hour), and hours counted in
        // full (a day-long search is 25:00:00, not 1:00:00).
        var t = TimeSpan.FromSeconds(Math.Round(x));
        return t.TotalHours >= 1
            ? ((long)t.TotalHours).ToString(CultureInfo.InvariantCulture) + t.ToString(@"\:mm\:ss", CultureInfo.InvariantCulture)
            : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }
    public static string Number(double x, int decimals = 4) => x.ToString("F" + decimals, CultureInfo.InvariantCulture);
}
