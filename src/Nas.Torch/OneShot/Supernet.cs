using Nas.OneShot;
using Nas.Torch.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// The DARTS search network (<c>model_search.py</c>'s <c>Network</c>): a 3×3 convolution stem to
/// stem-multiplier × C channels with batch norm, <c>layers</c> <see cref="SearchCell"/>s (reduction
/// cells at layers/3 and 2·layers/3, where C doubles), global average pooling and a linear classifier.
/// The architecture weights are not parameters of this module: the forward pass takes the op weights
/// of the normal and of the reduction cells, so DARTS and SNAS can feed a softmax or a sample.
/// </summary>
public sealed class Supernet : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Sequential _stem;
    private readonly ModuleList<SearchCell> _cells;
    private readonly Linear _classifier;

    /// <param name="registry">Candidate ops (normally <see cref="OpRegistry.Darts"/>, <c>none</c> included).</param>
    /// <param name="channels">C of the first cells.</param>
    /// <param name="layers">Number of cells.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="inputChannels">Image channels.</param>
    /// <param name="nodes">Intermediate nodes per cell (DARTS: 4).</param>
    /// <param name="multiplier">Concatenated states per cell output (DARTS: 4).</param>
    /// <param name="stemMultiplier">Stem channels as a multiple of C (DARTS: 3).</param>
    public Supernet(OpRegistry registry, int channels, int layers, int classes, int inputChannels = 1,
        int nodes = 4, int multiplier = 4, int stemMultiplier = 3) : base(nameof(Supernet))
    {
        if (channels < 1) throw new ArgumentOutOfRangeException(nameof(channels), channels, "must be at least 1");
        if (layers < 3) throw new ArgumentOutOfRangeException(nameof(layers), layers, "a supernet needs at least 3 cells, two of them reduction cells");
        Registry = registry;
        Nodes = nodes;
        Layers = layers;
        int stem = stemMultiplier * channels;
        _stem = nn.Sequential(
            ("conv", nn.Conv2d(inputChannels, stem, 3, padding: 1, bias: false)),
            ("bn", global::Nas.Torch.Ops.Norms.BatchNorm2d(stem)));
        int prevPrev = stem, prev = stem, current = channels;
        bool reductionPrev = false;
        var cells = new List<SearchCell>();
        for (int i = 0; i < layers; i++)
        {
            bool reduction = i == layers / 3 || i == 2 * layers / 3;
            if (reduction) current *= 2;
            var cell = new SearchCell(registry, nodes, multiplier, prevPrev, prev, current, reduction, reductionPrev);
            cells.Add(cell);
            reductionPrev = reduction;
            (prevPrev, prev) = (prev, cell.OutputChannels);
        }
        _cells = new ModuleList<SearchCell>(cells.ToArray());
        _classifier = nn.Linear(prev, classes);
        RegisterComponents();
    }

    /// <summary>The candidate ops, in the order of alpha's columns.</summary>
    public OpRegistry Registry { get; }

    /// <summary>Intermediate nodes per cell.</summary>
    public int Nodes { get; }

    /// <summary>Number of cells.</summary>
    public int Layers { get; }

    /// <summary>Edges per cell (alpha's rows).</summary>
    public int EdgeCount => SupernetEdges.Count(Nodes);

    /// <summary>The cells, in order.</summary>
    internal IReadOnlyList<SearchCell> Cells => _cells.ToArray();

    /// <param name="input">Images, [N, C, H, W].</param>
    /// <param name="normalWeights">Op weights of the normal cells, [edges, ops].</param>
    /// <param name="reduceWeights">Op weights of the reduction cells, [edges, ops].</param>
    public override Tensor forward(Tensor input, Tensor normalWeights, Tensor reduceWeights)
    {
        using var scope = NewDisposeScope();
        var s0 = _stem.call(input);
        var s1 = s0;
        foreach (var cell in _cells)
            (s0, s1) = (s1, cell.call(s0, s1, cell.IsReduction ? reduceWeights : normalWeights));
        var pooled = nn.functional.adaptive_avg_pool2d(s1, 1).flatten(1);
        return _classifier.call(pooled).MoveToOuterDisposeScope();
    }
}
