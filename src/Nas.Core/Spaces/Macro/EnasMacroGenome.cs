namespace Nas.Spaces.Macro;

/// <summary>A decoded <c>enas-macro</c> architecture: its layers and the layers after which the resolution halves.</summary>
public sealed record EnasMacroGenome(IReadOnlyList<EnasMacroLayer> Layers, IReadOnlyList<int> PoolAfter)
{
    /// <summary>How many pooling positions come before layer <paramref name="layer"/> (1-based): its stage.</summary>
    public int StageOf(int layer) => PoolAfter.Count(p => p < layer);
}
