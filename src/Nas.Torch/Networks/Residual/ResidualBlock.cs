using Nas.Torch.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Residual;

/// <summary>
/// A basic residual block at stride 1: conv-BN-ReLU-conv-BN plus the shortcut, then ReLU. The shortcut is the
/// identity, or a 1x1 convolution with batch norm when the width changes (a stage entered by max pooling).
/// Every batch norm starts at gamma 1 (TorchSharp's default), not at 0: see <see cref="ResidualNetwork"/>.
/// </summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Conv2d conv1, conv2;
    private readonly BatchNorm2d bn1, bn2;
    private readonly Conv2d? projection;
    private readonly BatchNorm2d? projectionBn;
    private readonly ReLU relu1 = nn.ReLU(), relu2 = nn.ReLU(); // modules, not functional calls, so hooks see them (NASWOT)

    public ResidualBlock(int inChannels, int outChannels, int kernel) : base(nameof(ResidualBlock))
    {
        conv1 = nn.Conv2d(inChannels, outChannels, kernel, padding: kernel / 2, bias: false);
        bn1 = Ops.Norms.BatchNorm2d(outChannels);
        conv2 = nn.Conv2d(outChannels, outChannels, kernel, padding: kernel / 2, bias: false);
        bn2 = Ops.Norms.BatchNorm2d(outChannels);
        if (inChannels != outChannels)
        {
            projection = nn.Conv2d(inChannels, outChannels, 1, bias: false);
            projectionBn = Ops.Norms.BatchNorm2d(outChannels);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var h = relu1.call(bn1.call(conv1.call(input)));
        var residual = bn2.call(conv2.call(h));
        var shortcut = projection is null ? input : projectionBn!.call(projection.call(input));
        return relu2.call(residual.add_(shortcut, Runtime.HeldScalars.One)).MoveToOuterDisposeScope();
    }

    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input)
    {
        var h = graph.Relu(graph.BatchNorm(bn1, graph.Conv(conv1, input)));
        var residual = graph.BatchNorm(bn2, graph.Conv(conv2, h));
        var shortcut = projection is null ? input : graph.BatchNorm(projectionBn!, graph.Conv(projection, input));
        return graph.Relu(graph.Add(residual, shortcut));
    }
}
