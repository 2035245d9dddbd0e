using System.Globalization;

namespace Nas.Bench;

/// <summary>The <c>--name value</c> options of a bench mode (after the mode's name), read into the setters given.</summary>
internal static class BenchOptions
{
    /// <summary>Applies every option; false (after one line on standard error) for an unknown option or a missing value.</summary>
    public static bool Read(string mode, string[] args, IReadOnlyDictionary<string, Action<string>> setters)
    {
        for (int i = 1; i < args.Length; i++)
        {
            if (!setters.TryGetValue(args[i], out var set)) { Console.Error.WriteLine($"{mode}: unknown option {args[i]}"); return false; }
            if (i + 1 >= args.Length) { Console.Error.WriteLine($"{mode}: {args[i]} needs a value"); return false; }
            string option = args[i], value = args[++i];
            try { set(value); }
            catch (Exception e) when (e is FormatException or OverflowException) { Console.Error.WriteLine($"{mode}: {option}: '{value}' is not a whole number"); return false; }
        }
        return true;
    }

    /// <summary>A whole number as the options give it.</summary>
    public static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
}
