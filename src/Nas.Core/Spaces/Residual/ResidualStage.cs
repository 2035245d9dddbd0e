namespace Nas.Spaces.Residual;

/// <summary>One decoded stage of a residual network: a downsampling step (none for stage 1), then its blocks.</summary>
/// <param name="Width">Channels of every convolution in the stage.</param>
/// <param name="Depth">Basic residual blocks (two convolutions each), at least 1.</param>
/// <param name="Kernel">Kernel size of the stage's convolutions (3 or 5).</param>
/// <param name="Downsample">How the stage halves the resolution; null for stage 1, which works at the stem's.</param>
public sealed record ResidualStage(int Width, int Depth, int Kernel, ResidualDownsample? Downsample)
{
    /// <summary>The stage as <c>64x2k3</c> (width, blocks, kernel), with <c>/pool</c> when it max-pools.</summary>
    public override string ToString() => $"{Width}x{Depth}k{Kernel}{(Downsample == ResidualDownsample.Pool ? "/pool" : "")}";
}
