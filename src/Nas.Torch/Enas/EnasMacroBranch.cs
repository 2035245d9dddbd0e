using Nas.Torch.Export;
using Nas.Spaces.Macro;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// One op of an <c>enas-macro</c> layer, as ENAS's macro child builds its branches: a 1×1 convolution of
/// the input to C channels with BN and ReLU, then either a k×k convolution (full or depthwise-separable,
/// stride 1) with BN and ReLU, or a 3×3 pooling with stride 1. Every branch owns its batch norms.
/// </summary>
internal sealed class EnasMacroBranch : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Conv2d _inConv;
    private readonly BatchNorm2d _inBn;
    // modules, not the functional call, so hooks see them (NASWOT)
    private readonly ReLU _inRelu = nn.ReLU();
    private readonly ReLU _outRelu = nn.ReLU();
    private readonly Conv2d? _depthwise;
    private readonly Conv2d? _conv;
    private readonly BatchNorm2d? _outBn;
    private readonly nn.Module<Tensor, Tensor>? _pool;

    /// <param name="op">A name of <see cref="EnasMacroOps"/>.</param>
    /// <param name="inChannels">Channels of the input.</param>
    /// <param name="channels">C, channels of the output.</param>
    public EnasMacroBranch(string op, int inChannels, int channels) : base(nameof(EnasMacroBranch))
    {
        Op = op;
        _inConv = nn.Conv2d(inChannels, channels, 1, bias: false);
        _inBn = global::Nas.Torch.Ops.Norms.BatchNorm2d(channels);
        switch (op)
        {
            case EnasMacroOps.Conv3x3 or EnasMacroOps.Conv5x5:
                int k = op == EnasMacroOps.Conv3x3 ? 3 : 5;
                _conv = nn.Conv2d(channels, channels, k, padding: k / 2, bias: false);
                _outBn = global::Nas.Torch.Ops.Norms.BatchNorm2d(channels);
                break;
            case EnasMacroOps.SepConv3x3 or EnasMacroOps.SepConv5x5:
                int s = op == EnasMacroOps.SepConv3x3 ? 3 : 5;
                _depthwise = nn.Conv2d(channels, channels, s, padding: s / 2, groups: channels, bias: false);
                _conv = nn.Conv2d(channels, channels, 1, bias: false);
                _outBn = global::Nas.Torch.Ops.Norms.BatchNorm2d(channels);
                break;
            case EnasMacroOps.MaxPool3x3:
                _pool = nn.MaxPool2d(3, stride: 1, padding: 1);
                break;
            case EnasMacroOps.AvgPool3x3:
                _pool = nn.AvgPool2d(3, stride: 1, padding: 1, count_include_pad: false);
                break;
            default:
                throw new NasUserException($"unknown {EnasMacroSpace.Name} op '{op}' (known: {string.Join(", ", EnasMacroOps.All)})");
        }
        RegisterComponents();
    }

    /// <summary>The op's name.</summary>
    public string Op { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = _inRelu.call(_inBn.call(_inConv.call(x)));
        if (_pool is not null) return _pool.call(h).MoveToOuterDisposeScope();
        if (_depthwise is not null) h = _depthwise.call(h);
        return _outRelu.call(_outBn!.call(_conv!.call(h))).MoveToOuterDisposeScope();
    }

    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input)
    {
        var h = graph.Relu(graph.BatchNorm(_inBn, graph.Conv(_inConv, input)));
        if (_pool is not null) return graph.Module(_pool, h);
        if (_depthwise is not null) h = graph.Conv(_depthwise, h);
        return graph.Relu(graph.BatchNorm(_outBn!, graph.Conv(_conv!, h)));
    }
}
