namespace Nas.Spaces.Residual;

/// <summary>
/// A residual architecture decoded into its stages. The network is a 3x3 stem (conv, batch norm, ReLU) to stage 1's
/// width at full resolution, then each stage in turn, then global average pooling and a linear classifier.
/// </summary>
/// <param name="Stages">The stages, stage 1 first.</param>
public sealed record ResidualGenome(IReadOnlyList<ResidualStage> Stages)
{
    /// <summary>The stages as <c>32x1k3 64x1k3 128x1k3</c>.</summary>
    public override string ToString() => string.Join(" ", Stages);

    /// <summary>Equal when the stages are equal, in order.</summary>
    /// <param name="other">The genome to compare with.</param>
    public bool Equals(ResidualGenome? other) => other is not null && Stages.SequenceEqual(other.Stages);

    /// <summary>A hash of the stages, consistent with <see cref="Equals(ResidualGenome?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var s in Stages) hash.Add(s);
        return hash.ToHashCode();
    }
}
