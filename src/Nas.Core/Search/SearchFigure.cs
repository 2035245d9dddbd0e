namespace Nas.Search;

/// <summary>One named measurement of a search (an epoch's validation accuracy, the best child's parameters), with its unit.</summary>
public sealed record SearchFigure(string Name, double Value, FigureUnit Unit = FigureUnit.Number)
{
    /// <summary>An accuracy or another fraction in [0, 1].</summary>
    public static SearchFigure Fraction(string name, double value) => new(name, value, FigureUnit.Fraction);

    /// <summary>A count.</summary>
    public static SearchFigure Count(string name, double value) => new(name, value, FigureUnit.Count);
}
