using Nas.Torch.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>ReLU, a k×k convolution without bias, batch norm: the cells' 1×1 preprocessing.</summary>
internal sealed class ReLUConvBN : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ReLU _relu = nn.ReLU(); // a module, not the functional call, so hooks see it (NASWOT)
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _bn;

    public ReLUConvBN(int inChannels, int outChannels, int kernel, int stride, int padding, bool affine) : base(nameof(ReLUConvBN))
    {
        _conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding, bias: false);
        _bn = global::Nas.Torch.Ops.Norms.BatchNorm2d(outChannels, affine: affine);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var relu = _relu.call(x);
        using var conv = _conv.call(relu);
        return _bn.call(conv);
    }

    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input) => graph.BatchNorm(_bn, graph.Conv(_conv, graph.Relu(input)));
}
