using Nas.OneShot;
using Nas.Torch.Ops;
using Nas.Torch.Runtime;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// A supernet cell (DARTS <c>model_search.py</c>'s <c>Cell</c>): the two inputs preprocessed to C channels
/// without affine batch norm (a <see cref="FactorizedReduce"/> after a reduction cell), then each
/// intermediate node sums a <see cref="MixedOp"/> over every earlier state; the output concatenates the
/// last <c>multiplier</c> states. In a reduction cell the edges that read the cell inputs have stride 2.
/// </summary>
internal sealed class SearchCell : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _preprocess0;
    private readonly nn.Module<Tensor, Tensor> _preprocess1;
    private readonly ModuleList<MixedOp> _edges;
    private readonly int _nodes;
    private readonly int _multiplier;

    public SearchCell(OpRegistry registry, int nodes, int multiplier, int channelsPrevPrev, int channelsPrev, int channels,
        bool reduction, bool reductionPrev) : base(nameof(SearchCell))
    {
        if (multiplier < 1 || multiplier > nodes) throw new ArgumentOutOfRangeException(nameof(multiplier), "multiplier must be in 1..nodes");
        _nodes = nodes;
        _multiplier = multiplier;
        IsReduction = reduction;
        Channels = channels;
        _preprocess0 = reductionPrev
            ? new FactorizedReduce(channelsPrevPrev, channels, affine: false)
            : new ReLUConvBN(channelsPrevPrev, channels, 1, 1, 0, affine: false);
        _preprocess1 = new ReLUConvBN(channelsPrev, channels, 1, 1, 0, affine: false);
        _edges = new ModuleList<MixedOp>(SupernetEdges.All(nodes)
            .Select(e => new MixedOp(registry, channels, reduction && e.Input < 2 ? 2 : 1)).ToArray());
        RegisterComponents();
    }

    /// <summary>True for a reduction cell.</summary>
    public bool IsReduction { get; }

    /// <summary>C: channels of every node.</summary>
    public int Channels { get; }

    /// <summary>Channels of the output: multiplier × C.</summary>
    public int OutputChannels => _multiplier * Channels;

    /// <summary>The mixed op of every edge, in <see cref="SupernetEdges"/> order.</summary>
    public IReadOnlyList<MixedOp> Edges => _edges.ToArray();

    /// <param name="s0">Output of cell k-2.</param>
    /// <param name="s1">Output of cell k-1.</param>
    /// <param name="weights">Op weights per edge, shape [edges, ops].</param>
    public override Tensor forward(Tensor s0, Tensor s1, Tensor weights)
    {
        using var scope = NewDisposeScope();
        var states = new List<Tensor> { _preprocess0.call(s0), _preprocess1.call(s1) };
        for (int node = 0; node < _nodes; node++)
        {
            Tensor? sum = null;
            for (int j = 0; j < node + 2; j++)
            {
                int edge = SupernetEdges.Index(node, j);
                var h = _edges[edge].call(states[j], weights[edge]);
                sum = sum is null ? h : sum.add(h, HeldScalars.One);
            }
            states.Add(sum!);
        }
        return cat(states.Skip(states.Count - _multiplier).ToArray(), 1).MoveToOuterDisposeScope();
    }
}
