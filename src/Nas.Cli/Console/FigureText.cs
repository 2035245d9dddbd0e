using Nas.Search;

namespace Nas.Cli.Console;

/// <summary>Search figures as words: <c>validation accuracy 91.20%</c>.</summary>
internal static class FigureText
{
    public static string Value(SearchFigure f) => f.Unit switch
    {
        FigureUnit.Fraction => Formats.Percent(f.Value),
        FigureUnit.Count => Formats.Count((long)f.Value),
        FigureUnit.Seconds => Formats.Seconds(f.Value),
        FigureUnit.PerSecond => $"{f.Value:F0}/s",
        _ => Math.Abs(f.Value) >= 100 ? Formats.Number(f.Value, 1) : Formats.Number(f.Value, Math.Abs(f.Value) >= 1 ? 2 : 4),
    };

    public static string Of(SearchFigure f) => $"{f.Name.Replace('_', ' ')} {Value(f)}";

    public static string Of(IEnumerable<SearchFigure> figures) => string.Join(", ", figures.Select(Of));
}
