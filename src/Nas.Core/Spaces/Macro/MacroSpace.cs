using Nas.Architectures;

namespace Nas.Spaces.Macro;

/// <summary>
/// The NAS-RL macro CNN space: for each of N layers a filter height, a filter width, a number of
/// filters, and the set of earlier layers that feed it (anchor points). Layer 1 always reads the image.
/// Decision names: <c>L{i}.filter_height</c>, <c>L{i}.filter_width</c>, <c>L{i}.filters</c>,
/// <c>L{i}.stride</c> (only with strides searched) and <c>L{i}.inputs</c> (i ≥ 2).
/// </summary>
public static class MacroSpace
{
    /// <summary>The space's name in the catalog and in architecture files.</summary>
    public const string Name = "macro";

    /// <summary>The space for <paramref name="options"/> (null: NAS-RL's 6 layers, 4 filter sizes, 4 filter counts); throws <see cref="NasUserException"/> for invalid options.</summary>
    /// <param name="options">Layers, filter sizes and counts, pooling positions, strides.</param>
    public static SearchSpace Create(MacroSpaceOptions? options = null)
    {
        options = (options ?? new MacroSpaceOptions()).Validated();
        var sizes = options.FilterSizesOrDefault.Select(k => (OptionValue)k).ToArray();
        var counts = options.FilterCountsOrDefault.Select(f => (OptionValue)f).ToArray();
        var decisions = new List<Decision>();
        for (int i = 1; i <= options.Layers; i++)
        {
            decisions.Add(new CategoricalDecision($"L{i}.filter_height", sizes, description: $"filter height of layer {i}", layer: i));
            decisions.Add(new CategoricalDecision($"L{i}.filter_width", sizes, description: $"filter width of layer {i}", layer: i));
            decisions.Add(new CategoricalDecision($"L{i}.filters", counts, description: $"number of filters of layer {i}", layer: i));
            if (options.SearchStrides)
                decisions.Add(new CategoricalDecision($"L{i}.stride", new OptionValue[] { 1, 2 }, description: $"stride of layer {i}", layer: i));
            if (i > 1)
                decisions.Add(new SubsetDecision($"L{i}.inputs", Enumerable.Range(1, i - 1).Select(j => (OptionValue)j),
                    description: $"earlier layers feeding layer {i} (none: the image)", layer: i, ofEarlierLayers: true));
        }
        return new SearchSpace(Name, options.ToJson(), decisions);
    }

    /// <summary>
    /// The same space cut to its first <paramref name="depth"/> layers (at most all of them), with the full space's
    /// pooling positions that fall inside: its decisions are the first of the full space's, as a controller with a
    /// depth schedule needs.
    /// </summary>
    /// <param name="full">The full space's options.</param>
    /// <param name="depth">The layers to keep, at least 1.</param>
    public static SearchSpace AtDepth(MacroSpaceOptions full, int depth)
    {
        int d = Math.Clamp(depth, 1, full.Layers);
        return Create(full with { Layers = d, PoolAfter = full.PoolAfterOrDefault.Where(p => p < d).ToArray() });
    }

    /// <summary>Decodes an architecture of a macro space into its layers.</summary>
    /// <param name="architecture">An architecture of a macro space.</param>
    public static MacroGenome Decode(Architecture architecture)
    {
        if (architecture.Space.Name != Name) throw new NasUserException($"expected a {Name} architecture, got one of the {architecture.Space.Name} space");
        var options = MacroSpaceOptions.FromJson(architecture.Space.Settings);
        var layers = new List<MacroLayer>();
        for (int i = 1; i <= options.Layers; i++)
        {
            var inputs = i > 1 ? architecture.Options($"L{i}.inputs").Select(o => o.AsInt).ToArray() : Array.Empty<int>();
            int stride = options.SearchStrides ? architecture.Option($"L{i}.stride").AsInt : 1;
            layers.Add(new MacroLayer(i,
                architecture.Option($"L{i}.filter_height").AsInt,
                architecture.Option($"L{i}.filter_width").AsInt,
                architecture.Option($"L{i}.filters").AsInt,
                stride, inputs));
        }
        return new MacroGenome(layers, options.PoolAfterOrDefault);
    }
}
