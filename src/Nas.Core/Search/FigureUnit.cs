namespace Nas.Search;

/// <summary>How a <see cref="SearchFigure"/> is meant to be read, so that front ends can format it.</summary>
public enum FigureUnit
{
    /// <summary>A plain number (a loss, a perplexity, an entropy).</summary>
    Number,

    /// <summary>A fraction in [0, 1], shown as a percentage (an accuracy).</summary>
    Fraction,

    /// <summary>A count (parameters, multiply-adds).</summary>
    Count,

    /// <summary>Seconds.</summary>
    Seconds,

    /// <summary>A rate per second (images or tokens).</summary>
    PerSecond,
}
