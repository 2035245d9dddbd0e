namespace Nas.Spaces.Macro;

/// <summary>A decoded <c>enas-macro</c> architecture: its layers and the layers after which the resolution halves.</summary>
/// <param name="Layers">The layers, layer 1 first.</param>
/// <param name="PoolAfter">The layers (from 1) after which the resolution halves.</param>
public sealed record EnasMacroGenome(IReadOnlyList<EnasMacroLayer> Layers, IReadOnlyList<int> PoolAfter)
{
    /// <summary>How many pooling positions come before layer <paramref name="layer"/> (1-based): its stage.</summary>
    /// <param name="layer">A layer, from 1.</param>
    public int StageOf(int layer) => PoolAfter.Count(p => p < layer);
}
