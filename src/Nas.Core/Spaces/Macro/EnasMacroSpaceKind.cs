using Nas.Architectures;
using Nas.Reporting;
using Nas.Search;

namespace Nas.Spaces.Macro;

/// <summary>The <c>enas-macro</c> space's registration.</summary>
public sealed class EnasMacroSpaceKind : SpaceKind
{
    /// <summary>The registration with its settings: <c>layers</c> and <c>pool_after</c>.</summary>
    public EnasMacroSpaceKind() : base(EnasMacroSpace.Name, SpaceTask.Image,
        "ENAS's macro CNN: per layer one of six ops and the earlier layers whose outputs are summed in",
        [
            Setting.Integer("layers", 12, "searched layers (ENAS: 12)", minimum: 1, maximum: 64),
            Setting.Integers("pool_after", "layers after which the resolution halves (default: after L/3 and 2L/3)", minimum: 1),
        ],
        settings => EnasMacroSpace.Create(EnasMacroSpaceOptions.FromJson(settings)))
    { }

    /// <summary>The layers in a column: the stem, each layer's op, the sum of its skip inputs as arcs, where the resolution halves, and the classifier.</summary>
    /// <param name="architecture">An architecture of an enas-macro space.</param>
    public override string? Picture(Architecture architecture)
    {
        var g = EnasMacroSpace.Decode(architecture);
        var nodes = new List<NetworkNode> { new("image", NetworkNodeKind.Input, []), new("conv 3x3 stem · BN", NetworkNodeKind.Layer, [0]) };
        var output = new Dictionary<int, int> { [0] = 1 };   // layer -> the box holding its output (layer 0: the stem)
        foreach (var l in g.Layers)
        {
            nodes.Add(new(l.Op, NetworkNodeKind.Layer, [output[l.Index - 1]]));
            if (l.Skips.Count > 0)
                nodes.Add(new("sum" + (l.Index > 1 ? " · BN" : ""), NetworkNodeKind.Merge, [nodes.Count - 1, .. l.Skips.Select(s => output[s])]));
            output[l.Index] = nodes.Count - 1;
            if (g.PoolAfter.Contains(l.Index))
            {
                nodes.Add(new("resolution halves (factorized reduce)", NetworkNodeKind.Pool, [nodes.Count - 1]));
                output[l.Index] = nodes.Count - 1;
            }
        }
        nodes.Add(new("global average pool · linear", NetworkNodeKind.Output, [nodes.Count - 1]));
        return NetworkDiagram.ToSvg($"ENAS macro network: {g.Layers.Count} layers", nodes);
    }
}
