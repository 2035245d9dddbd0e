namespace Nas.Spaces.Residual;

/// <summary>How a stage after the first halves the resolution before its blocks.</summary>
public enum ResidualDownsample
{
    /// <summary>A stride-2 convolution (the stage's kernel) with batch norm and ReLU, which also sets the stage's width.</summary>
    Conv,

    /// <summary>2x2 max pooling; the stage's first block then changes the width through a 1x1 projection.</summary>
    Pool,
}
