using System.Collections.Immutable;

namespace Nas.Spaces.Macro;

/// <summary>
/// The op names of the <c>enas-macro</c> space, as data; <c>Nas.Torch.Enas.EnasMacroBranch</c> says what
/// each builds. These are ENAS's macro branches (a 1×1 convolution to the layer's channels, then the op),
/// not the cell ops of <see cref="Cells.CellOps"/>, although two names coincide.
/// </summary>
public static class EnasMacroOps
{
    /// <summary>3×3 convolution.</summary>
    public const string Conv3x3 = "conv_3x3";
    /// <summary>5×5 convolution.</summary>
    public const string Conv5x5 = "conv_5x5";
    /// <summary>Separable 3×3 convolution.</summary>
    public const string SepConv3x3 = "sep_conv_3x3";
    /// <summary>Separable 5×5 convolution.</summary>
    public const string SepConv5x5 = "sep_conv_5x5";
    /// <summary>3×3 max pooling.</summary>
    public const string MaxPool3x3 = "max_pool_3x3";
    /// <summary>3×3 average pooling.</summary>
    public const string AvgPool3x3 = "avg_pool_3x3";

    /// <summary>The six ops, in the order the space's decisions list them.</summary>
    public static ImmutableArray<string> All { get; } = ImmutableArray.Create(Conv3x3, Conv5x5, SepConv3x3, SepConv5x5, MaxPool3x3, AvgPool3x3);
}
