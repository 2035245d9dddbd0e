using System.Collections.Immutable;

namespace Nas.Spaces.Cells;

/// <summary>
/// The names of the candidate operations of cell-based spaces, as data: the spaces and genotypes
/// refer to ops by these names, and the torch library maps each name to a module factory
/// (<c>Nas.Torch.Ops.OpRegistry</c>). Every op maps C channels to C channels; with stride 2 it
/// halves the resolution (rounding up).
/// </summary>
public static class CellOps
{
    /// <summary>The zero op: the edge contributes nothing. DARTS searches with it but never derives it.</summary>
    public const string None = "none";
    /// <summary>3×3 max pooling.</summary>
    public const string MaxPool3x3 = "max_pool_3x3";
    /// <summary>3×3 average pooling (padding not counted).</summary>
    public const string AvgPool3x3 = "avg_pool_3x3";
    /// <summary>Identity; a factorized reduce when the edge has stride 2.</summary>
    public const string SkipConnect = "skip_connect";
    /// <summary>Separable 3×3 convolution, applied twice (ReLU, depthwise, pointwise, batch norm), as DARTS.</summary>
    public const string SepConv3x3 = "sep_conv_3x3";
    /// <summary>Separable 5×5 convolution, applied twice, as DARTS.</summary>
    public const string SepConv5x5 = "sep_conv_5x5";
    /// <summary>Separable 7×7 convolution, applied twice, as DARTS.</summary>
    public const string SepConv7x7 = "sep_conv_7x7";
    /// <summary>Dilated (rate 2) separable 3×3 convolution: ReLU, depthwise, pointwise, batch norm.</summary>
    public const string DilConv3x3 = "dil_conv_3x3";
    /// <summary>Dilated (rate 2) separable 5×5 convolution.</summary>
    public const string DilConv5x5 = "dil_conv_5x5";
    /// <summary>A 1×7 then a 7×1 convolution, after a ReLU and before batch norm (NASNet's factorized 7×7).</summary>
    public const string Conv7x1And1x7 = "conv_7x1_1x7";

    private static readonly object Gate = new();
    private static ImmutableArray<string> _all = ImmutableArray.Create(
        None, MaxPool3x3, AvgPool3x3, SkipConnect, SepConv3x3, SepConv5x5, SepConv7x7, DilConv3x3, DilConv5x5, Conv7x1And1x7);

    /// <summary>Every known op, in the registry's order: the built-in ones, then those registered.</summary>
    public static ImmutableArray<string> All => _all;

    /// <summary>
    /// Makes an op name known to spaces and genotypes (the torch library's <c>OpRegistry.Register</c> calls this with the
    /// op's module factory); registering a known name again changes nothing.
    /// </summary>
    /// <param name="name">The op's name, lowercase.</param>
    public static void Register(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name != name.Trim().ToLowerInvariant() || name.Contains(','))
            throw new ArgumentException($"an op name is lower case, without spaces or commas, got '{name}'", nameof(name));
        lock (Gate) if (!_all.Contains(name)) _all = _all.Add(name);
    }

    /// <summary>DARTS's eight searched primitives (its <c>PRIMITIVES</c> list), <see cref="None"/> first.</summary>
    public static ImmutableArray<string> DartsPrimitives { get; } = ImmutableArray.Create(
        None, MaxPool3x3, AvgPool3x3, SkipConnect, SepConv3x3, SepConv5x5, DilConv3x3, DilConv5x5);

    /// <summary>
    /// The options of the <c>darts-cell</c> space by default: <see cref="DartsPrimitives"/> less
    /// <see cref="None"/>. DARTS keeps <c>none</c> only inside the supernet's mixture; deriving a
    /// genotype ignores it both when ranking a node's incoming edges and when picking an edge's op,
    /// so no DARTS cell contains it.
    /// </summary>
    public static ImmutableArray<string> DartsCellOps { get; } = DartsPrimitives.Remove(None);

    /// <summary>The ENAS micro search set: identity, two separable convolutions, two poolings.</summary>
    public static ImmutableArray<string> EnasMicro { get; } = ImmutableArray.Create(
        SkipConnect, SepConv3x3, SepConv5x5, AvgPool3x3, MaxPool3x3);

    /// <summary>True for a known op name (exact, lowercase).</summary>
    /// <param name="name">An op name.</param>
    public static bool IsKnown(string name) => All.Contains(name);
}
