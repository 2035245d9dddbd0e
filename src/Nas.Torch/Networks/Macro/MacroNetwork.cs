using Nas.Torch.Export;
using Nas.Spaces.Macro;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Macro;

/// <summary>
/// The network of a macro (NAS-RL) architecture. Build rules, as in the paper with our pooling stages:
/// <list type="bullet">
/// <item>a layer with no chosen input reads the image;</item>
/// <item>each layer works at its stage's resolution (the image size halved once per pooling position
/// before it); an input larger than that is max-pooled down to it (adaptive max pooling);</item>
/// <item>inputs are concatenated along channels, smaller ones zero-padded (evenly on both sides, the
/// odd pixel at the bottom/right) to the largest size among them (the paper's rule);</item>
/// <item>the layers nobody consumes are joined the same way at the last stage's resolution, then
/// global average pooling and a linear classifier.</item>
/// </list>
/// </summary>
public sealed class MacroNetwork : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ModuleList<ConvBnRelu> layers;
    private readonly Linear classifier;
    private readonly int[][] _inputs;          // per layer: source indices (0 = image, j = layer j)
    private readonly (int H, int W)[] _targets; // per layer, and the head last: the stage resolution
    private readonly int[] _sinks;

    /// <summary>Builds the network; throws <see cref="NasUserException"/> when strides and pooling leave a layer no pixels.</summary>
    /// <param name="genome">The decoded macro architecture.</param>
    /// <param name="inChannels">Image channels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="classes">Classes to predict.</param>
    public MacroNetwork(MacroGenome genome, int inChannels, int height, int width, int classes) : base(nameof(MacroNetwork))
    {
        int n = genome.Layers.Count;
        var channels = new int[n + 1];
        var sizes = new (int H, int W)[n + 1];
        channels[0] = inChannels;
        sizes[0] = (height, width);
        _inputs = new int[n][];
        _targets = new (int, int)[n + 1];
        layers = new ModuleList<ConvBnRelu>();
        for (int i = 1; i <= n; i++)
        {
            var layer = genome.Layers[i - 1];
            _inputs[i - 1] = layer.Inputs.Count == 0 ? new[] { 0 } : layer.Inputs.ToArray();
            _targets[i - 1] = StageSize(height, width, genome.StageOf(i));
            var (inC, inSize) = Gathered(_inputs[i - 1], channels, sizes, _targets[i - 1]);
            layers.Add(new ConvBnRelu(inC, layer.Filters, layer.FilterHeight, layer.FilterWidth, layer.Stride));
            channels[i] = layer.Filters;
            sizes[i] = ConvOutput(inSize, layer);
            if (sizes[i].H < 1 || sizes[i].W < 1)
                throw new NasUserException($"layer {i} would have an empty output for a {height}x{width} input: too many strides or pooling stages");
        }
        _sinks = genome.Sinks.ToArray();
        _targets[n] = StageSize(height, width, genome.PoolAfter.Count);
        var (headC, _) = Gathered(_sinks, channels, sizes, _targets[n]);
        classifier = nn.Linear(headC, classes);
        RegisterComponents();
    }

    /// <summary>Class logits [B, classes] of images [B, C, H, W].</summary>
    /// <param name="image">Images [B, C, H, W].</param>
    public override Tensor forward(Tensor image)
    {
        using var scope = NewDisposeScope();
        var outputs = new Tensor[layers.Count + 1];
        outputs[0] = image;
        for (int i = 0; i < layers.Count; i++)
        {
            var input = Gather(_inputs[i], outputs, _targets[i]);
            outputs[i + 1] = layers[i].call(input);
        }
        var joined = Gather(_sinks, outputs, _targets[^1]);
        var pooled = nn.functional.adaptive_avg_pool2d(joined, 1).flatten(1);
        return classifier.call(pooled).MoveToOuterDisposeScope();
    }

    private static (int H, int W) StageSize(int height, int width, int stage) => (height >> stage, width >> stage);

    private static (int H, int W) ConvOutput((int H, int W) input, MacroLayer layer) =>
        ((input.H + 2 * (layer.FilterHeight / 2) - layer.FilterHeight) / layer.Stride + 1,
         (input.W + 2 * (layer.FilterWidth / 2) - layer.FilterWidth) / layer.Stride + 1);

    /// <summary>The channels and size of the gathered input, computed without tensors.</summary>
    private static (int Channels, (int H, int W) Size) Gathered(int[] sources, int[] channels, (int H, int W)[] sizes, (int H, int W) target)
    {
        int c = 0, h = 0, w = 0;
        foreach (int s in sources)
        {
            c += channels[s];
            h = Math.Max(h, Math.Min(sizes[s].H, target.H));
            w = Math.Max(w, Math.Min(sizes[s].W, target.W));
        }
        return (c, (h, w));
    }

    /// <summary>Pools inputs larger than the target down to it, pads the smaller ones to the largest, concatenates.</summary>
    internal static Tensor Gather(int[] sources, Tensor[] outputs, (int H, int W) target)
    {
        var reduced = new Tensor[sources.Length];
        long h = 0, w = 0;
        for (int k = 0; k < sources.Length; k++)
        {
            var x = outputs[sources[k]];
            if (x.shape[2] > target.H || x.shape[3] > target.W)
                x = nn.functional.adaptive_max_pool2d(x, new long[] { Math.Min(x.shape[2], target.H), Math.Min(x.shape[3], target.W) });
            reduced[k] = x;
            h = Math.Max(h, x.shape[2]);
            w = Math.Max(w, x.shape[3]);
        }
        for (int k = 0; k < reduced.Length; k++)
        {
            long dh = h - reduced[k].shape[2], dw = w - reduced[k].shape[3];
            if (dh > 0 || dw > 0)
                reduced[k] = nn.functional.pad(reduced[k], new[] { dw / 2, dw - dw / 2, dh / 2, dh - dh / 2 });
        }
        return reduced.Length == 1 ? reduced[0] : cat(reduced, 1);
    }

    /// <inheritdoc/>
    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var outputs = new OnnxValue[layers.Count + 1];
        outputs[0] = input;
        for (int i = 0; i < layers.Count; i++) outputs[i + 1] = graph.Module(layers[i], Gather(graph, _inputs[i], outputs, _targets[i]));
        return graph.Linear(classifier, graph.GlobalAveragePoolFlat(Gather(graph, _sinks, outputs, _targets[^1])));
    }

    // Gather's rule on the graph: the same pooling, padding and concatenation, sizes resolved at export time.
    private static OnnxValue Gather(OnnxGraph graph, int[] sources, OnnxValue[] outputs, (int H, int W) target)
    {
        var reduced = sources.Select(s => outputs[s]).Select(x => x.Height > target.H || x.Width > target.W
            ? graph.AdaptiveMaxPool(x, Math.Min(x.Height, target.H), Math.Min(x.Width, target.W)) : x).ToArray();
        long h = reduced.Max(x => x.Height), w = reduced.Max(x => x.Width);
        return graph.Concat(reduced.Select(x =>
        {
            long dh = h - x.Height, dw = w - x.Width;
            return graph.Pad(x, dh / 2, dh - dh / 2, dw / 2, dw - dw / 2);
        }).ToList());
    }
}
