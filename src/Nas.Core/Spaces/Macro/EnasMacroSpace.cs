using Nas.Architectures;

namespace Nas.Spaces.Macro;

/// <summary>
/// The ENAS macro space: L layers; layer i applies one op of <see cref="EnasMacroOps"/> to the output of
/// layer i-1 (layer 1: the stem's) and adds the outputs of any set of earlier layers (skip inputs); the
/// resolution halves after fixed layers. Decision names: <c>L{i}.op</c> and <c>L{i}.skips</c> (i ≥ 2), so
/// the controller samples the skips by anchor-point attention, as ENAS does.
/// </summary>
public static class EnasMacroSpace
{
    /// <summary>The space's name in the catalog and in architecture files.</summary>
    public const string Name = "enas-macro";

    /// <summary>The space for <paramref name="options"/> (null: 12 layers, pooling after 4 and 8); throws <see cref="NasUserException"/> for invalid options.</summary>
    /// <param name="options">Layers and pooling positions.</param>
    public static SearchSpace Create(EnasMacroSpaceOptions? options = null)
    {
        options = (options ?? new EnasMacroSpaceOptions()).Validated();
        var ops = EnasMacroOps.All.Select(o => (OptionValue)o).ToArray();
        var decisions = new List<Decision>();
        for (int i = 1; i <= options.Layers; i++)
        {
            decisions.Add(new CategoricalDecision($"L{i}.op", ops, description: $"op of layer {i} on layer {i - 1}'s output", layer: i));
            if (i > 1)
                decisions.Add(new SubsetDecision($"L{i}.skips", Enumerable.Range(1, i - 1).Select(j => (OptionValue)j),
                    description: $"earlier layers whose outputs are added to layer {i}'s", layer: i, ofEarlierLayers: true));
        }
        return new SearchSpace(Name, options.ToJson(), decisions);
    }

    /// <summary>Decodes an architecture of an enas-macro space.</summary>
    /// <param name="architecture">An architecture of an enas-macro space.</param>
    public static EnasMacroGenome Decode(Architecture architecture)
    {
        if (architecture.Space.Name != Name) throw new NasUserException($"expected an {Name} architecture, got one of the {architecture.Space.Name} space");
        var options = EnasMacroSpaceOptions.FromJson(architecture.Space.Settings);
        var layers = new List<EnasMacroLayer>();
        for (int i = 1; i <= options.Layers; i++)
        {
            var skips = i > 1 ? architecture.Options($"L{i}.skips").Select(o => o.AsInt).Order().ToArray() : Array.Empty<int>();
            layers.Add(new EnasMacroLayer(i, architecture.Option($"L{i}.op").AsName, skips));
        }
        return new EnasMacroGenome(layers, options.PoolAfterOrDefault.Order().ToArray());
    }
}
