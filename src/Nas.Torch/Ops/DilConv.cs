using Nas.Torch.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>The <c>dil_conv_kxk</c> ops: ReLU, depthwise k×k with dilation (stride s), pointwise 1×1, BN.</summary>
internal sealed class DilConv : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ReLU _relu = nn.ReLU(); // a module, not the functional call, so hooks see it (NASWOT)
    private readonly Conv2d _depthwise;
    private readonly Conv2d _pointwise;
    private readonly BatchNorm2d _bn;

    public DilConv(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, bool affine) : base(nameof(DilConv))
    {
        _depthwise = nn.Conv2d(inChannels, inChannels, kernel, stride: stride, padding: padding, dilation: dilation, groups: inChannels, bias: false);
        _pointwise = nn.Conv2d(inChannels, outChannels, 1, bias: false);
        _bn = global::Nas.Torch.Ops.Norms.BatchNorm2d(outChannels, affine: affine);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var relu = _relu.call(x);
        using var depth = _depthwise.call(relu);
        using var point = _pointwise.call(depth);
        return _bn.call(point);
    }

    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input) => graph.BatchNorm(_bn, graph.Conv(_pointwise, graph.Conv(_depthwise, graph.Relu(input))));
}
