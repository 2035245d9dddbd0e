namespace Nas.Spaces.Residual;

/// <summary>
/// A residual architecture decoded into its stages. The network is a 3x3 stem (conv, batch norm, ReLU) to stage 1's
/// width, at the image's resolution or, with <paramref name="StemStride"/> 2, at half of it, after a full-resolution 3x3
/// convolution of <paramref name="StemPre"/> channels when that is above 0; then each stage in turn, then global
/// average pooling and a linear classifier.
/// </summary>
/// <param name="Stages">The stages, stage 1 first.</param>
/// <param name="StemStride">The stem convolution's stride: 1, or 2 (every later layer then costs a quarter).</param>
/// <param name="StemPre">Channels of a 3x3 convolution (with batch norm and ReLU) at the image's resolution ahead of the stem; 0 for none.</param>
public sealed record ResidualGenome(IReadOnlyList<ResidualStage> Stages, int StemStride = 1, int StemPre = 0)
{
    /// <summary>The stages as <c>32x1k3 64x1k3 128x1k3</c>, after <c>/2</c> when the stem halves the resolution and <c>c16</c> before it for a 16-channel full-resolution convolution ahead of the stem.</summary>
    public override string ToString() => (StemPre > 0 ? $"c{StemPre} " : "") + (StemStride > 1 ? $"/{StemStride} " : "") + string.Join(" ", Stages);

    /// <summary>Equal when the stem and the stages are equal, in order.</summary>
    /// <param name="other">The genome to compare with.</param>
    public bool Equals(ResidualGenome? other) => other is not null && StemStride == other.StemStride && StemPre == other.StemPre && Stages.SequenceEqual(other.Stages);

    /// <summary>A hash of the stages, consistent with <see cref="Equals(ResidualGenome?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(StemStride);
        hash.Add(StemPre);
        foreach (var s in Stages) hash.Add(s);
        return hash.ToHashCode();
    }
}
