using Nas.Torch.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>
/// The <c>conv_7x1_1x7</c> op: ReLU, a 1×7 convolution (stride (1, s)), a 7×1 convolution
/// (stride (s, 1)), BN; the two convolutions together see a 7×7 window.
/// </summary>
internal sealed class Conv7x1And1x7 : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ReLU _relu = nn.ReLU(); // a module, not the functional call, so hooks see it (NASWOT)
    private readonly Conv2d _conv1x7;
    private readonly Conv2d _conv7x1;
    private readonly BatchNorm2d _bn;

    public Conv7x1And1x7(int channels, int stride, bool affine) : base(nameof(Conv7x1And1x7))
    {
        _conv1x7 = nn.Conv2d(channels, channels, (1, 7), stride: (1, stride), padding: (0, 3), bias: false);
        _conv7x1 = nn.Conv2d(channels, channels, (7, 1), stride: (stride, 1), padding: (3, 0), bias: false);
        _bn = global::Nas.Torch.Ops.Norms.BatchNorm2d(channels, affine: affine);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var relu = _relu.call(x);
        using var wide = _conv1x7.call(relu);
        using var tall = _conv7x1.call(wide);
        return _bn.call(tall);
    }

    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input) => graph.BatchNorm(_bn, graph.Conv(_conv7x1, graph.Conv(_conv1x7, graph.Relu(input))));
}
