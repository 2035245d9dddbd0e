using Nas.Torch.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>
/// Halves the resolution without losing every other pixel: ReLU, then two 1×1 stride-2 convolutions,
/// the second on the input shifted by one pixel (<c>x[:, :, 1:, 1:]</c>), concatenated, batch norm.
/// Two departures from the DARTS reference, both without effect on its networks: the shifted input
/// is zero-padded by one row and column at the far edge first, so odd sizes work (7×7 gives 4×4, like
/// every other stride-2 op; even sizes are unchanged), and an odd channel count gives the second
/// convolution the extra channel (the reference asserts an even count).
/// </summary>
internal sealed class FactorizedReduce : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ReLU _relu = nn.ReLU(); // a module, not the functional call, so hooks see it (NASWOT)
    private readonly Conv2d _conv1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn;

    public FactorizedReduce(int inChannels, int outChannels, bool affine) : base(nameof(FactorizedReduce))
    {
        if (outChannels < 2) throw new ArgumentOutOfRangeException(nameof(outChannels), "a factorized reduce needs at least 2 output channels");
        _conv1 = nn.Conv2d(inChannels, outChannels / 2, 1, stride: 2, bias: false);
        _conv2 = nn.Conv2d(inChannels, outChannels - outChannels / 2, 1, stride: 2, bias: false);
        _bn = global::Nas.Torch.Ops.Norms.BatchNorm2d(outChannels, affine: affine);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var relu = _relu.call(x);
        using var a = _conv1.call(relu);
        using var padded = nn.functional.pad(relu, (0, 1, 0, 1));
        var from1 = TensorIndex.Slice(1, null);
        using var shifted = padded.index(TensorIndex.Colon, TensorIndex.Colon, from1, from1);
        using var b = _conv2.call(shifted);
        using var both = cat([a, b], 1);
        return _bn.call(both);
    }

    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input)
    {
        var relu = graph.Relu(input);
        var shifted = graph.Crop(graph.Pad(relu, 0, 1, 0, 1), 1, 1, 1);
        return graph.BatchNorm(_bn, graph.Concat([graph.Conv(_conv1, relu), graph.Conv(_conv2, shifted)]));
    }
}
