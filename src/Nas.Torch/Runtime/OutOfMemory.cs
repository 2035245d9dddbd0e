using System.Globalization;
using System.Text.RegularExpressions;

namespace Nas.Torch.Runtime;

/// <summary>
/// libtorch's allocation failure (a native error whose message runs on for pages of C++ frames) as one line that says
/// what was too big.
/// </summary>
public static partial class OutOfMemory
{
    [GeneratedRegex(@"can't allocate memory: you tried to allocate (\d+) bytes", RegexOptions.CultureInvariant)]
    private static partial Regex Allocation();

    /// <summary>Whether <paramref name="error"/> is an allocation failure; <paramref name="message"/> then says so in one line.</summary>
    public static bool TryDescribe(Exception error, out string message)
    {
        message = "";
        var match = Allocation().Match(error.Message);
        if (!match.Success && error is not OutOfMemoryException) return false;
        string size = match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out double bytes)
            ? $" ({bytes / 1e9:0.#} GB for one tensor)" : "";
        message = $"out of memory{size}: the network or its input is too large for this machine (fewer channels, cells or layers, a smaller batch or input)";
        return true;
    }
}
