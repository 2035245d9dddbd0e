using Nas.Spaces.Cells;
using Nas.Torch.Ops;
using Nas.Torch.Runtime;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// One supernet edge: every op of the registry applied to the input, summed with one weight per op
/// (a softmax of alpha for DARTS, a relaxed one-hot sample for SNAS). Ops are built with
/// <c>affine: false</c>, and the pooling ops are followed by a non-affine batch norm, as in the DARTS
/// reference's <c>MixedOp</c>.
/// </summary>
internal sealed class MixedOp : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> _ops;

    /// <param name="registry">The candidate ops, in the order of the weights.</param>
    /// <param name="channels">Channels in and out.</param>
    /// <param name="stride">1, or 2 on the edges of a reduction cell that read the cell inputs.</param>
    public MixedOp(OpRegistry registry, int channels, int stride) : base(nameof(MixedOp))
    {
        Names = registry.Names.ToArray();
        _ops = new ModuleList<nn.Module<Tensor, Tensor>>(Names.Select(name =>
        {
            var op = registry.Create(name, channels, stride, affine: false);
            return IsPooling(name) ? nn.Sequential(("pool", op), ("bn", global::Nas.Torch.Ops.Norms.BatchNorm2d(channels, affine: false))) : op;
        }).ToArray());
        RegisterComponents();
    }

    /// <summary>The op names, in the order of the weights.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The module of one candidate op (with its batch norm for pooling ops).</summary>
    public nn.Module<Tensor, Tensor> Op(int index) => _ops[index];

    /// <param name="x">The edge's input.</param>
    /// <param name="weights">One weight per op, shape [ops].</param>
    public override Tensor forward(Tensor x, Tensor weights)
    {
        if (weights.shape.Length != 1 || weights.shape[0] != _ops.Count)
            throw new ArgumentException($"expected {_ops.Count} weights, got shape [{string.Join(", ", weights.shape)}]", nameof(weights));
        using var scope = NewDisposeScope();
        Tensor? sum = null;
        for (int i = 0; i < _ops.Count; i++)
        {
            var term = _ops[i].call(x).mul(weights[i]);
            sum = sum is null ? term : sum.add(term, HeldScalars.One);
        }
        return sum!.MoveToOuterDisposeScope();
    }

    private static bool IsPooling(string name) => name is CellOps.MaxPool3x3 or CellOps.AvgPool3x3;
}
