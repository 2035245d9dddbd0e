namespace Nas.Torch.Networks;

/// <summary>The shape of one input example and the number of classes to predict.</summary>
/// <param name="Channels">C, the image channels.</param>
/// <param name="Height">H, in pixels.</param>
/// <param name="Width">W, in pixels.</param>
/// <param name="Classes">The classes to predict.</param>
public sealed record InputShape(int Channels, int Height, int Width, int Classes)
{
    /// <summary>The shape of one example, [C, H, W].</summary>
    public long[] Example => new long[] { Channels, Height, Width };
    /// <c>CxHxW, N classes</c>.
    public override string ToString() => $"{Channels}x{Height}x{Width}, {Classes} classes";
}
