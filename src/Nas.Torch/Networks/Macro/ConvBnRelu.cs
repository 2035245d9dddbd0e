using Nas.Torch.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Macro;

/// <summary>One NAS-RL layer: convolution ("same" padding, no bias since batch norm follows), batch norm, ReLU.</summary>
internal sealed class ConvBnRelu : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Conv2d conv;
    private readonly BatchNorm2d bn;
    private readonly ReLU relu = nn.ReLU(); // a module, not the functional call, so hooks see it (NASWOT)

    public ConvBnRelu(int inChannels, int outChannels, int kernelHeight, int kernelWidth, int stride) : base(nameof(ConvBnRelu))
    {
        conv = nn.Conv2d(inChannels, outChannels, (kernelHeight, kernelWidth), stride: (stride, stride),
            padding: (kernelHeight / 2, kernelWidth / 2), bias: false);
        bn = global::Nas.Torch.Ops.Norms.BatchNorm2d(outChannels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var c = conv.call(input);
        using var b = bn.call(c);
        return relu.call(b);
    }

    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input) => graph.Relu(graph.BatchNorm(bn, graph.Conv(conv, input)));
}
