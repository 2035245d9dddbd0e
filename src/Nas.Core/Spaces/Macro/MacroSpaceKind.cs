using Nas.Architectures;
using Nas.Reporting;
using Nas.Search;

namespace Nas.Spaces.Macro;

/// <summary>The <c>macro</c> space's registration: settings, and architectures shown as <c>3x5/36 1x7/24&lt;1 ...</c>.</summary>
public sealed class MacroSpaceKind : SpaceKind
{
    /// <summary>The registration with its settings: <c>layers</c>, <c>pool_after</c>, <c>search_strides</c>, <c>filter_sizes</c>, <c>filter_counts</c>.</summary>
    public MacroSpaceKind() : base(MacroSpace.Name, SpaceTask.Image,
        "NAS-RL's CNN: per layer a filter height and width, a number of filters and the earlier layers that feed it",
        [
            Setting.Integer("layers", 6, "convolutional layers of every network", minimum: 1, maximum: 64),
            Setting.Integers("pool_after", "layers after which the resolution halves, e.g. 1,3 (default: after N/3-1 and 2N/3-1)", minimum: 1),
            Setting.Boolean("search_strides", false, "also search a stride of 1 or 2 per layer"),
            Setting.Integers("filter_sizes", "filter heights and widths to choose from (default 1,3,5,7)", minimum: 1, advanced: true),
            Setting.Integers("filter_counts", "numbers of filters to choose from (default 24,36,48,64)", minimum: 1, advanced: true),
        ],
        settings => MacroSpace.Create(MacroSpaceOptions.FromJson(settings)))
    { }

    /// <inheritdoc/>
    public override string? Notation => "per layer HxW/N: an H-by-W convolution with N filters (s2: stride 2), then <i,j when it reads layers other than the one before it (<img: the image), inputs concatenated";

    /// <summary>Per layer: kernel/filters, a stride when not 1, and its inputs when they are not just the layer before.</summary>
    /// <param name="architecture">An architecture of a macro space.</param>
    public override string Describe(Architecture architecture)
    {
        var g = MacroSpace.Decode(architecture);
        return string.Join(" ", g.Layers.Select(l =>
            $"{l.FilterHeight}x{l.FilterWidth}/{l.Filters}{(l.Stride > 1 ? "s" + l.Stride : "")}"
            + (l.Inputs.Count > 0 && !(l.Inputs.Count == 1 && l.Inputs[0] == l.Index - 1) ? "<" + string.Join(",", l.Inputs) : l.Inputs.Count == 0 && l.Index > 1 ? "<img" : "")));
    }

    /// <summary>The layers in a column: convolutions, the poolings between them, concatenated inputs as arcs, and the classifier reading the layers nobody else reads.</summary>
    /// <param name="architecture">An architecture of a macro space.</param>
    public override string? Picture(Architecture architecture)
    {
        var g = MacroSpace.Decode(architecture);
        var nodes = new List<NetworkNode> { new("image", NetworkNodeKind.Input, []) };
        var output = new Dictionary<int, int>();   // layer -> the box that carries its output onwards (its pooling, where one follows)
        foreach (var l in g.Layers)
        {
            var inputs = l.Inputs.Count == 0 ? [0] : l.Inputs.Select(i => output[i]).ToList();
            nodes.Add(new($"{(inputs.Count > 1 ? "concat · " : "")}conv {l.FilterHeight}x{l.FilterWidth}/{l.Filters}{(l.Stride > 1 ? " s" + l.Stride : "")} · BN · ReLU",
                NetworkNodeKind.Layer, inputs));
            output[l.Index] = nodes.Count - 1;
            if (g.PoolAfter.Contains(l.Index))
            {
                nodes.Add(new("max-pool 2x2", NetworkNodeKind.Pool, [nodes.Count - 1]));
                output[l.Index] = nodes.Count - 1;
            }
        }
        var sinks = g.Sinks.Select(i => output[i]).ToList();
        nodes.Add(new(sinks.Count > 1 ? "concatenate · global average pool · linear" : "global average pool · linear", NetworkNodeKind.Output, sinks));
        return NetworkDiagram.ToSvg($"macro network: {g.Layers.Count} layers", nodes);
    }
}
