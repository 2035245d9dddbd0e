using Nas.Torch.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>
/// The <c>sep_conv_kxk</c> ops: a depthwise-separable convolution applied twice, as in DARTS.
/// ReLU, depthwise k×k (stride s), pointwise 1×1, BN, ReLU, depthwise k×k (stride 1), pointwise 1×1, BN.
/// </summary>
internal sealed class SepConv : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    // modules, not the functional call, so hooks see them (NASWOT)
    private readonly ReLU _relu1 = nn.ReLU();
    private readonly ReLU _relu2 = nn.ReLU();
    private readonly Conv2d _depthwise1;
    private readonly Conv2d _pointwise1;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _depthwise2;
    private readonly Conv2d _pointwise2;
    private readonly BatchNorm2d _bn2;

    public SepConv(int inChannels, int outChannels, int kernel, int stride, int padding, bool affine) : base(nameof(SepConv))
    {
        _depthwise1 = nn.Conv2d(inChannels, inChannels, kernel, stride: stride, padding: padding, groups: inChannels, bias: false);
        _pointwise1 = nn.Conv2d(inChannels, inChannels, 1, bias: false);
        _bn1 = global::Nas.Torch.Ops.Norms.BatchNorm2d(inChannels, affine: affine);
        _depthwise2 = nn.Conv2d(inChannels, inChannels, kernel, stride: 1, padding: padding, groups: inChannels, bias: false);
        _pointwise2 = nn.Conv2d(inChannels, outChannels, 1, bias: false);
        _bn2 = global::Nas.Torch.Ops.Norms.BatchNorm2d(outChannels, affine: affine);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var r1 = _relu1.call(x);
        using var d1 = _depthwise1.call(r1);
        using var p1 = _pointwise1.call(d1);
        using var b1 = _bn1.call(p1);
        using var r2 = _relu2.call(b1);
        using var d2 = _depthwise2.call(r2);
        using var p2 = _pointwise2.call(d2);
        return _bn2.call(p2);
    }

    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input)
    {
        var first = graph.BatchNorm(_bn1, graph.Conv(_pointwise1, graph.Conv(_depthwise1, graph.Relu(input))));
        return graph.BatchNorm(_bn2, graph.Conv(_pointwise2, graph.Conv(_depthwise2, graph.Relu(first))));
    }
}
