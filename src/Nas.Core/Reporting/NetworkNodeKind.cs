namespace Nas.Reporting;

/// <summary>The kinds of box in a <see cref="NetworkDiagram"/>, each with its colour.</summary>
public enum NetworkNodeKind
{
    /// <summary>The image.</summary>
    Input,
    /// <summary>A convolution or another op with weights.</summary>
    Layer,
    /// <summary>Pooling: the resolution halves.</summary>
    Pool,
    /// <summary>A sum or concatenation of several inputs.</summary>
    Merge,
    /// <summary>The classifier.</summary>
    Output,
}
