using Nas.Torch.Export;
using Nas.Architectures;
using Nas.Spaces.Macro;
using Nas.Spaces;
using Nas.Torch.Networks;
using Nas.Torch.Ops;
using Nas.Torch.Runtime;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// The shared graph of an <c>enas-macro</c> space: a 3×3 convolution stem to C channels with BN; for every
/// layer one <see cref="EnasMacroBranch"/> per op; global average pooling and a linear classifier.
/// Layer i applies its chosen branch to layer i-1's output, adds the outputs of its chosen skip layers
/// (summed, as ENAS does) and, from layer 2 on, batch-normalises the sum (one BN per layer, shared by all
/// its ops). After each pooling layer the resolution halves: as in ENAS's search, every earlier output a
/// later layer reads is brought down by a <see cref="FactorizedReduce"/> of its own (one per pooling
/// position and layer, shared by all children), and C stays the same (ENAS doubles it only in the fixed
/// network; we do not, in either).
/// </summary>
/// <remarks>
/// Built with a <c>fixedChild</c>, the same class is that child's stand-alone network (only its branches
/// and the reductions it reads are built): <see cref="EnasMacroNetwork"/> wraps it for <c>nas train</c>.
/// </remarks>
public sealed class EnasMacroSharedNetwork : SharedNetwork
{
    private readonly Conv2d _stem;
    private readonly BatchNorm2d _stemBn;
    private readonly ModuleDict<nn.Module<Tensor, Tensor>> _branches = new();
    private readonly ModuleDict<nn.Module<Tensor, Tensor>> _reductions = new();
    private readonly ModuleList<BatchNorm2d> _sumBn = new();
    private readonly Linear _classifier;
    private readonly int[] _poolAfter;

    /// <param name="space">An enas-macro space.</param>
    /// <param name="input">Image shape and classes.</param>
    /// <param name="channels">C, the channels of every layer.</param>
    /// <param name="fixedChild">Build only this child's weights (a stand-alone network); null for the whole shared graph.</param>
    public EnasMacroSharedNetwork(SearchSpace space, InputShape input, int channels, EnasMacroGenome? fixedChild = null) : base(nameof(EnasMacroSharedNetwork))
    {
        if (space.Name != EnasMacroSpace.Name) throw new NasUserException($"expected an {EnasMacroSpace.Name} space, got {space.Name}");
        if (channels < 2) throw new NasUserException($"{EnasMacroSpace.Name}: channels must be at least 2, got {channels}");
        Space = space;
        var options = EnasMacroSpaceOptions.FromJson(space.Settings);
        Layers = options.Layers;
        Channels = channels;
        _poolAfter = options.PoolAfterOrDefault.Order().ToArray();
        _stem = nn.Conv2d(input.Channels, channels, 3, padding: 1, bias: false);
        _stemBn = global::Nas.Torch.Ops.Norms.BatchNorm2d(channels);
        for (int i = 1; i <= Layers; i++)
        {
            foreach (var op in EnasMacroOps.All)
                if (fixedChild is null || fixedChild.Layers[i - 1].Op == op)
                    _branches.Add((BranchKey(i, op), new EnasMacroBranch(op, channels, channels)));
            if (i > 1) _sumBn.Add(global::Nas.Torch.Ops.Norms.BatchNorm2d(channels));
        }
        for (int k = 0; k < _poolAfter.Length; k++)
            for (int j = 1; j <= _poolAfter[k]; j++)
                if (fixedChild is null || Reads(fixedChild, j, _poolAfter[k]))
                    _reductions.Add((ReductionKey(k, j), new FactorizedReduce(channels, channels, affine: true)));
        _classifier = nn.Linear(channels, input.Classes);
        RegisterComponents();
        DetachFromScopes();
    }

    /// <inheritdoc/>
    public override SearchSpace Space { get; }

    /// <summary>L, the number of searched layers.</summary>
    public int Layers { get; }

    /// <summary>C, the channels of every layer.</summary>
    public int Channels { get; }

    /// <summary>The branch of one op of one layer (1-based), for tests and inspection.</summary>
    internal EnasMacroBranch Branch(int layer, string op) => (EnasMacroBranch)_branches[BranchKey(layer, op)];

    /// <summary>The logits [B, classes] of <paramref name="child"/> (an enas-macro architecture) on <paramref name="images"/>, through its branches only.</summary>
    /// <param name="images">Images [B, C, H, W].</param>
    /// <param name="child">An architecture of the graph's space.</param>
    public override Tensor forward(Tensor images, Architecture child) => Forward(images, EnasMacroSpace.Decode(child));

    /// <summary>The logits of a decoded child.</summary>
    /// <param name="images">Images [B, C, H, W].</param>
    /// <param name="child">The decoded child.</param>
    public Tensor Forward(Tensor images, EnasMacroGenome child)
    {
        if (child.Layers.Count != Layers) throw new ArgumentException($"the child has {child.Layers.Count} layers, the graph {Layers}", nameof(child));
        using var scope = NewDisposeScope();
        // outputs[j][s]: layer j's output brought to stage s (layer 0 is the stem).
        var outputs = new List<Dictionary<int, Tensor>> { new() { [0] = _stemBn.call(_stem.call(images)) } };
        int stage = 0;
        for (int i = 1; i <= Layers; i++)
        {
            var layer = child.Layers[i - 1];
            var h = _branches[BranchKey(i, layer.Op)].call(At(outputs, i - 1, stage));
            foreach (int j in layer.Skips) h = h.add(At(outputs, j, stage), HeldScalars.One);
            if (i > 1) h = _sumBn[i - 2].call(h);
            outputs.Add(new Dictionary<int, Tensor> { [stage] = h });
            if (stage < _poolAfter.Length && _poolAfter[stage] == i) stage++;
        }
        var pooled = nn.functional.adaptive_avg_pool2d(At(outputs, Layers, StageOfOutput(Layers)), 1).flatten(1);
        return _classifier.call(pooled).MoveToOuterDisposeScope();
    }

    // Layer Layers' output is at the stage it was made in (pooling after the last layer is not allowed).
    private int StageOfOutput(int layer) => _poolAfter.Count(p => p < layer);

    // Layer j's output at stage s, reducing it once per pooling position passed (memoised).
    private Tensor At(List<Dictionary<int, Tensor>> outputs, int j, int s)
    {
        if (outputs[j].TryGetValue(s, out var t)) return t;
        var below = At(outputs, j, s - 1);
        var reduced = _reductions[ReductionKey(s - 1, j)].call(below);
        outputs[j][s] = reduced;
        return reduced;
    }

    // Does the child read layer j's output after pooling position p (from a layer past p)?
    private static bool Reads(EnasMacroGenome child, int j, int p) =>
        child.Layers.Any(l => l.Index > p && (l.Index - 1 == j || l.Skips.Contains(j)));

    private static string BranchKey(int layer, string op) => $"L{layer}_{op}";
    private static string ReductionKey(int pool, int layer) => $"P{pool}_L{layer}";

    /// <summary>The child <paramref name="child"/> in an ONNX graph, as <see cref="Forward"/> computes it.</summary>
    /// <param name="graph">The graph being written.</param>
    /// <param name="images">The images.</param>
    /// <param name="child">The child architecture.</param>
    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue images, EnasMacroGenome child)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(child);
        var outputs = new List<Dictionary<int, OnnxValue>> { new() { [0] = graph.BatchNorm(_stemBn, graph.Conv(_stem, images)) } };
        OnnxValue At(int j, int s)
        {
            if (outputs[j].TryGetValue(s, out var v)) return v;
            return outputs[j][s] = graph.Module(_reductions[ReductionKey(s - 1, j)], At(j, s - 1));
        }
        int stage = 0;
        for (int i = 1; i <= Layers; i++)
        {
            var layer = child.Layers[i - 1];
            var h = graph.Module(_branches[BranchKey(i, layer.Op)], At(i - 1, stage));
            foreach (int j in layer.Skips) h = graph.Add(h, At(j, stage));
            if (i > 1) h = graph.BatchNorm(_sumBn[i - 2], h);
            outputs.Add(new Dictionary<int, OnnxValue> { [stage] = h });
            if (stage < _poolAfter.Length && _poolAfter[stage] == i) stage++;
        }
        return graph.Linear(_classifier, graph.GlobalAveragePoolFlat(At(Layers, StageOfOutput(Layers))));
    }
}
