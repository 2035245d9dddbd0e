using Nas.Architectures;
using Nas.Reporting;
using Nas.Search;

namespace Nas.Spaces.Residual;

/// <summary>The <c>residual</c> space's registration: settings, and architectures shown as <c>32x1k3 64x2k3 128x1k5/pool</c>.</summary>
public sealed class ResidualSpaceKind : SpaceKind
{
    /// <summary>The registration with its settings: <c>stages</c>, <c>widths</c>, <c>depths</c>, <c>kernels</c>.</summary>
    public ResidualSpaceKind() : base(ResidualSpace.Name, SpaceTask.Image,
        "stage-wise residual CNNs made for the CPU: per stage a width, a number of blocks, a kernel size and how it downsamples",
        [
            Setting.Integer("stages", 3, "stages; each after the first halves the resolution", minimum: 1, maximum: ResidualSpaceOptions.MaxStages),
            Setting.Integers("widths", "stage 1's widths to choose from, doubled per later stage (default 16,24,32)", minimum: 1, advanced: true),
            Setting.Integers("depths", "residual blocks per stage to choose from (default 1,2)", minimum: 1, advanced: true),
            Setting.Integers("kernels", "kernel sizes to choose from, odd (default 3,5)", minimum: 1, advanced: true),
            Setting.Integers("stem_pre", "channels of a full-resolution 3x3 convolution ahead of the stem to choose from, 0 for none (default 0,16; 0 alone: no such decision)", minimum: 0, advanced: true)
                .WithDefault(new System.Text.Json.Nodes.JsonArray([.. ResidualSpaceOptions.DefaultStemPre.Select(w => (System.Text.Json.Nodes.JsonNode?)w)])),
        ],
        settings => ResidualSpace.Create(ResidualSpaceOptions.FromJson(settings)))
    { }

    /// <inheritdoc/>
    public override string? Notation => "c16: a 16-channel full-resolution 3x3 convolution ahead of the stem; /2: a stride-2 stem; per stage WxBkK: W channels, B basic residual blocks of KxK convolutions, entered by a stride-2 convolution, or by 2x2 max pooling where /pool follows";

    /// <summary>Per stage: width x blocks, the kernel, and <c>/pool</c> when it max-pools instead of a stride-2 convolution.</summary>
    /// <param name="architecture">An architecture of a residual space.</param>
    public override string Describe(Architecture architecture) => ResidualSpace.Decode(architecture).ToString();

    /// <summary>The hand-designed baseline (<c>resnet-baseline</c>) when the space's settings contain it; null otherwise.</summary>
    /// <param name="space">A residual space.</param>
    public override Architecture? Reference(SearchSpace space)
    {
        try { return ResidualSpace.Encode(ResidualSpace.BaselineGenome, ResidualSpaceOptions.FromJson(space.Settings)); }
        catch (Exception e) when (e is ArgumentException or ArchitectureException) { return null; }
    }

    /// <summary>
    /// <c>c8 /2 32x1k3 64x1k3 128x1k3</c>: resnet-baseline behind an 8-channel full-resolution 3x3 convolution (484,258
    /// parameters, 3% more multiply-adds), in the space's settings with 8 among <c>stem_pre</c>: the one member measured
    /// above resnet-baseline at 15 minutes of equal time on 2 cores (docs/benchmarks.md, sessions 30 and 31; session 19's
    /// 16 channels cost 17-27% more time per epoch and lost by 0.09); null where <c>stem_pre</c> is [0] (the decision left out) or
    /// the space does not hold the baseline.
    /// </summary>
    /// <param name="space">A residual space.</param>
    public override Architecture? ShortBudget(SearchSpace space)
    {
        try
        {
            var options = ResidualSpaceOptions.FromJson(space.Settings);
            if (!options.HasStemPre) return null;
            var pre = options.StemPreOrDefault.Contains(ShortBudgetStemPre) ? options.StemPreOrDefault : [.. options.StemPreOrDefault.Append(ShortBudgetStemPre).Order()];
            return ResidualSpace.Encode(ResidualSpace.BaselineGenome with { StemPre = ShortBudgetStemPre }, options with { StemPre = pre });
        }
        catch (Exception e) when (e is ArgumentException or ArchitectureException) { return null; }
    }

    /// <summary>The channels of <see cref="ShortBudget"/>'s convolution ahead of the stem.</summary>
    public const int ShortBudgetStemPre = 8;

    /// <summary>The network in a column: the stem, per stage its downsampling step and its basic blocks (two convolutions and the identity added back, as an arc), the classifier.</summary>
    /// <param name="architecture">An architecture of a residual space.</param>
    public override string? Picture(Architecture architecture)
    {
        var g = ResidualSpace.Decode(architecture);
        var nodes = new List<NetworkNode>
        {
            new("image", NetworkNodeKind.Input, []),
        };
        if (g.StemPre > 0) nodes.Add(new($"conv 3x3/{g.StemPre} · BN · ReLU", NetworkNodeKind.Layer, [nodes.Count - 1]));
        nodes.Add(new($"stem: conv 3x3/{g.Stages[0].Width}{(g.StemStride > 1 ? " s" + g.StemStride : "")} · BN · ReLU", NetworkNodeKind.Layer, [nodes.Count - 1]));
        foreach (var stage in g.Stages)
        {
            if (stage.Downsample == ResidualDownsample.Conv)
                nodes.Add(new($"conv {stage.Kernel}x{stage.Kernel}/{stage.Width} s2 · BN · ReLU", NetworkNodeKind.Layer, [nodes.Count - 1]));
            else if (stage.Downsample == ResidualDownsample.Pool)
                nodes.Add(new("max-pool 2x2", NetworkNodeKind.Pool, [nodes.Count - 1]));
            for (int b = 0; b < stage.Depth; b++)
            {
                int input = nodes.Count - 1;
                nodes.Add(new($"conv {stage.Kernel}x{stage.Kernel}/{stage.Width} · BN · ReLU", NetworkNodeKind.Layer, [input]));
                nodes.Add(new($"conv {stage.Kernel}x{stage.Kernel}/{stage.Width} · BN", NetworkNodeKind.Layer, [nodes.Count - 1]));
                nodes.Add(new("add · ReLU", NetworkNodeKind.Merge, [nodes.Count - 1, input]));
            }
        }
        nodes.Add(new("global average pool · linear", NetworkNodeKind.Output, [nodes.Count - 1]));
        return NetworkDiagram.ToSvg($"residual network: {g}", nodes);
    }
}
