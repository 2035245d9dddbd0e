namespace Nas.Torch.Networks;

/// <summary>The shape of one input example and the number of classes to predict.</summary>
public sealed record InputShape(int Channels, int Height, int Width, int Classes)
{
    /// <summary>The shape of one example, [C, H, W].</summary>
    public long[] Example => new long[] { Channels, Height, Width };
    /// <c>CxHxW, N classes</c>.
    public override string ToString() => $"{Channels}x{Height}x{Width}, {Classes} classes";
}
