using Nas.Torch.Export;
using Nas.Spaces.Cells;
using Nas.Torch.Ops;
using Nas.Torch.Runtime;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Cells;

/// <summary>
/// One cell of an evaluation network, built from one half of a <see cref="Genotype"/>: the two inputs
/// (outputs of cells k-2 and k-1) are preprocessed to C channels, each intermediate node sums its two
/// edges, and the output concatenates the genotype's concat states (C channels each).
/// preprocess0 is a <see cref="FactorizedReduce"/> when the previous cell was a reduction cell (its
/// input is then twice the resolution of the other), else a 1×1 <see cref="ReLUConvBN"/>; preprocess1
/// is always a 1×1 ReLUConvBN. In a reduction cell the edges that read the cell inputs have stride 2.
/// While training, drop-path (<see cref="DropPathProbability"/>) applies to every edge but identities.
/// </summary>
public sealed class Cell : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _preprocess0;
    private readonly nn.Module<Tensor, Tensor> _preprocess1;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> _ops;
    private readonly int[] _inputs;
    private readonly int[] _concat;

    /// <param name="genotype">The genotype; validated here.</param>
    /// <param name="channelsPrevPrev">Channels of cell k-2's output.</param>
    /// <param name="channelsPrev">Channels of cell k-1's output.</param>
    /// <param name="channels">C: channels of every node of this cell.</param>
    /// <param name="reduction">True for a reduction cell (halves the resolution, uses the genotype's reduce half).</param>
    /// <param name="reductionPrev">True when cell k-1 was a reduction cell.</param>
    /// <param name="ops">The op registry; null means <see cref="OpRegistry.Default"/>.</param>
    public Cell(Genotype genotype, int channelsPrevPrev, int channelsPrev, int channels, bool reduction, bool reductionPrev, OpRegistry? ops = null)
        : base(nameof(Cell))
    {
        genotype.Validate();
        ops ??= OpRegistry.Default;
        var kind = reduction ? CellKind.Reduce : CellKind.Normal;
        IsReduction = reduction;
        _preprocess0 = reductionPrev
            ? new FactorizedReduce(channelsPrevPrev, channels, affine: true)
            : new ReLUConvBN(channelsPrevPrev, channels, 1, 1, 0, affine: true);
        _preprocess1 = new ReLUConvBN(channelsPrev, channels, 1, 1, 0, affine: true);
        var edges = genotype.Edges(kind);
        _inputs = edges.Select(e => e.Input).ToArray();
        _concat = genotype.Concat(kind).ToArray();
        _ops = new ModuleList<nn.Module<Tensor, Tensor>>(edges
            .Select(e => ops.Create(e.Op, channels, reduction && e.Input < 2 ? 2 : 1, affine: true)).ToArray());
        OutputChannels = _concat.Length * channels;
        RegisterComponents();
    }

    /// <summary>True for a reduction cell.</summary>
    public bool IsReduction { get; }

    /// <summary>Channels of the output: the number of concatenated states times C.</summary>
    public int OutputChannels { get; }

    /// <summary>The drop-path probability used while training (0 turns it off).</summary>
    public double DropPathProbability { get; set; }

    /// <param name="s0">The output of cell k-2.</param>
    /// <param name="s1">The output of cell k-1.</param>
    public override Tensor forward(Tensor s0, Tensor s1)
    {
        using var scope = NewDisposeScope();
        var states = new List<Tensor> { _preprocess0.call(s0), _preprocess1.call(s1) };
        bool drop = training && DropPathProbability > 0;
        for (int node = 0; node < _inputs.Length / 2; node++)
        {
            var h1 = Edge(2 * node, states, drop);
            var h2 = Edge(2 * node + 1, states, drop);
            states.Add(h1.add(h2, HeldScalars.One));
        }
        return cat(_concat.Select(i => states[i]).ToArray(), 1).MoveToOuterDisposeScope();
    }

    private Tensor Edge(int edge, List<Tensor> states, bool drop)
    {
        var op = _ops[edge];
        var h = op.call(states[_inputs[edge]]);
        return drop && op is not Ops.Identity ? DropPath.Apply(h, DropPathProbability) : h;
    }

    /// <summary>The cell in an ONNX graph (inference: no drop path).</summary>
    /// <param name="graph">The graph being written.</param>
    /// <param name="s0">The output of the cell before the previous one.</param>
    /// <param name="s1">The previous cell's output.</param>
    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue s0, OnnxValue s1)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var states = new List<OnnxValue> { graph.Module(_preprocess0, s0), graph.Module(_preprocess1, s1) };
        for (int node = 0; node < _inputs.Length / 2; node++)
            states.Add(graph.Add(graph.Module(_ops[2 * node], states[_inputs[2 * node]]), graph.Module(_ops[2 * node + 1], states[_inputs[2 * node + 1]])));
        return graph.Concat(_concat.Select(i => states[i]).ToList());
    }
}
