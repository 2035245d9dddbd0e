namespace Nas.Search;

/// <summary>One named measurement of a search (an epoch's validation accuracy, the best child's parameters), with its unit.</summary>
/// <param name="Name">The figure's name, lower case with underscores.</param>
/// <param name="Value">Its value.</param>
/// <param name="Unit">How to show it (a fraction as a percentage, a count with separators, seconds).</param>
public sealed record SearchFigure(string Name, double Value, FigureUnit Unit = FigureUnit.Number)
{
    /// <summary>An accuracy or another fraction in [0, 1].</summary>
    /// <param name="name">The figure's name (<c>validation_accuracy</c>).</param>
    /// <param name="value">A value in [0, 1].</param>
    public static SearchFigure Fraction(string name, double value) => new(name, value, FigureUnit.Fraction);

    /// <summary>A count.</summary>
    /// <param name="name">The figure's name (<c>parameters</c>).</param>
    /// <param name="value">The count.</param>
    public static SearchFigure Count(string name, double value) => new(name, value, FigureUnit.Count);
}
