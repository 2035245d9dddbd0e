namespace Nas.Torch.Search;

/// <summary>
/// Numbers of a search-log step as JSON takes them: rounded, and null where not finite (a diverging supernet's
/// mean training loss can be finite while its perplexity, e to that loss, overflows; JSON has no infinity).
/// </summary>
internal static class StepNumbers
{
    /// <summary><paramref name="value"/> rounded to <paramref name="digits"/> decimals, or null when it is infinite or NaN.</summary>
    /// <param name="value">The number.</param>
    /// <param name="digits">Decimals kept.</param>
    public static double? Rounded(double value, int digits) => double.IsFinite(value) ? Math.Round(value, digits) : null;
}
