namespace Nas.Spaces.Macro;

/// <summary>
/// A macro architecture decoded into plain layers, with the build rules of the NAS-RL paper made
/// explicit: which layers feed the classifier (those nobody consumes) and where pooling happens.
/// </summary>
/// <param name="Layers">The layers, layer 1 first.</param>
/// <param name="PoolAfter">The layers (from 1) after which 2×2 max pooling halves the resolution.</param>
public sealed record MacroGenome(IReadOnlyList<MacroLayer> Layers, IReadOnlyList<int> PoolAfter)
{
    /// <summary>Layers whose output no later layer consumes; they are joined before the classifier.</summary>
    public IReadOnlyList<int> Sinks
    {
        get
        {
            var consumed = Layers.SelectMany(l => l.Inputs).ToHashSet();
            return Layers.Where(l => !consumed.Contains(l.Index)).Select(l => l.Index).ToArray();
        }
    }

    /// <summary>The number of 2x2 poolings applied before layer <paramref name="index"/> (1-based) works.</summary>
    /// <param name="index">A layer, from 1.</param>
    public int StageOf(int index) => PoolAfter.Count(p => p < index);
}
