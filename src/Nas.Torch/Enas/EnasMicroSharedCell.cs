using Nas.Spaces.Cells;
using Nas.Torch.Ops;
using Nas.Torch.Runtime;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// One cell of the <c>enas-cell</c> shared graph. Its two inputs are brought to C channels at the cell's
/// resolution (a <see cref="FactorizedReduce"/> when an input is twice as large, else a 1×1
/// <see cref="ReLUConvBN"/>). For every node i, every state j it may read (0..i+1) and every op k it holds
/// one op with its own weights and batch norms (ENAS's weights are likewise indexed by node, input and op);
/// all ops have stride 1, the reduction having happened on the inputs, as in ENAS's search child.
/// The output, as in ENAS: the nodes no other node reads (the loose ends), concatenated, through ReLU and
/// a 1×1 convolution back to C channels, then BN. The convolution is stored per node (one C×C block each),
/// so a child uses exactly the blocks of its loose ends: the same as ENAS's masked rows of one weight.
/// </summary>
internal sealed class EnasMicroSharedCell : nn.Module<Tensor, Tensor, Genotype, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _preprocess0;
    private readonly nn.Module<Tensor, Tensor> _preprocess1;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> _ops = new();
    private readonly ModuleList<Conv2d> _outConvs = new();
    private readonly BatchNorm2d _outBn;
    private readonly string[] _opNames;
    private readonly int _nodes;

    /// <param name="ops">The space's op names, in order.</param>
    /// <param name="nodes">Intermediate nodes.</param>
    /// <param name="channelsPrevPrev">Channels of input 0.</param>
    /// <param name="reducePrevPrev">Input 0 is twice the cell's resolution.</param>
    /// <param name="channelsPrev">Channels of input 1.</param>
    /// <param name="reducePrev">Input 1 is twice the cell's resolution (a reduction cell).</param>
    /// <param name="channels">C.</param>
    /// <param name="reduction">Reads the reduce half of the genotype.</param>
    public EnasMicroSharedCell(IReadOnlyList<string> ops, int nodes, int channelsPrevPrev, bool reducePrevPrev, int channelsPrev, bool reducePrev,
        int channels, bool reduction) : base(nameof(EnasMicroSharedCell))
    {
        _opNames = ops.ToArray();
        _nodes = nodes;
        IsReduction = reduction;
        _preprocess0 = Preprocess(channelsPrevPrev, channels, reducePrevPrev);
        _preprocess1 = Preprocess(channelsPrev, channels, reducePrev);
        var registry = OpRegistry.Default;
        for (int node = 0; node < nodes; node++)
            for (int input = 0; input < node + 2; input++)
                foreach (var op in _opNames)
                    _ops.Add(registry.Create(op, channels, 1, affine: true));
        for (int node = 0; node < nodes; node++) _outConvs.Add(nn.Conv2d(channels, channels, 1, bias: false));
        _outBn = global::Nas.Torch.Ops.Norms.BatchNorm2d(channels);
        RegisterComponents();
    }

    /// <summary>True when the cell reads the genotype's reduce half.</summary>
    public bool IsReduction { get; }

    /// <summary>The op that node <paramref name="node"/> applies to state <paramref name="input"/> when it picks op number <paramref name="op"/>.</summary>
    public nn.Module<Tensor, Tensor> Op(int node, int input, int op) => _ops[Index(node, input, op)];

    public override Tensor forward(Tensor s0, Tensor s1, Genotype child)
    {
        var kind = IsReduction ? CellKind.Reduce : CellKind.Normal;
        var edges = child.Edges(kind);
        if (edges.Count != 2 * _nodes) throw new ArgumentException($"the child's cell has {edges.Count / 2} nodes, the graph {_nodes}", nameof(child));
        using var scope = NewDisposeScope();
        var states = new List<Tensor> { _preprocess0.call(s0), _preprocess1.call(s1) };
        for (int node = 0; node < _nodes; node++)
        {
            var a = Edge(node, edges[2 * node], states);
            var b = Edge(node, edges[2 * node + 1], states);
            states.Add(a.add(b, HeldScalars.One));
        }
        Tensor? sum = null;
        foreach (int state in child.Concat(kind))
        {
            var h = _outConvs[state - 2].call(nn.functional.relu(states[state]));
            sum = sum is null ? h : sum.add(h, HeldScalars.One);
        }
        return _outBn.call(sum!).MoveToOuterDisposeScope();
    }

    private Tensor Edge(int node, CellEdge edge, List<Tensor> states)
    {
        int op = Array.IndexOf(_opNames, edge.Op);
        if (op < 0) throw new ArgumentException($"op '{edge.Op}' is not one of this graph's ({string.Join(", ", _opNames)})");
        return _ops[Index(node, edge.Input, op)].call(states[edge.Input]);
    }

    // Node i's block starts after the blocks of nodes 0..i-1, which read 2, 3, .., i+1 states each.
    private int Index(int node, int input, int op) => ((node * (node + 3)) / 2 + input) * _opNames.Length + op;

    private static nn.Module<Tensor, Tensor> Preprocess(int inChannels, int channels, bool reduce) =>
        reduce ? new FactorizedReduce(inChannels, channels, affine: true) : new ReLUConvBN(inChannels, channels, 1, 1, 0, affine: true);
}
