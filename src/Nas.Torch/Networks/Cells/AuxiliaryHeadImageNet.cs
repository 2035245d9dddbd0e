using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Cells;

/// <summary>
/// The ImageNet auxiliary classifier of DARTS: ReLU, 5×5 average pooling with stride 2 (padding not
/// counted), 1×1 convolution to 128, BN, ReLU, 2×2 convolution to 768, ReLU, linear. As in the
/// reference there is no BN after the 768-channel convolution (it notes the omission and keeps it for
/// consistency with the paper). It expects the 7×7 maps of 224×224 images after two reductions;
/// other sizes are pooled adaptively to 2×2, as in <see cref="AuxiliaryHeadCifar"/>.
/// </summary>
internal sealed class AuxiliaryHeadImageNet : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _reduce;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv;
    private readonly Linear _classifier;

    public AuxiliaryHeadImageNet(int channels, int classes) : base(nameof(AuxiliaryHeadImageNet))
    {
        _reduce = nn.Conv2d(channels, 128, 1, bias: false);
        _bn1 = global::Nas.Torch.Ops.Norms.BatchNorm2d(128);
        _conv = nn.Conv2d(128, 768, 2, bias: false);
        _classifier = nn.Linear(768, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var pooled = AuxiliaryPooling.To2x2(nn.functional.relu(x), stride: 2);
        var h = nn.functional.relu(_bn1.call(_reduce.call(pooled)));
        h = nn.functional.relu(_conv.call(h));
        return _classifier.call(h.flatten(1)).MoveToOuterDisposeScope();
    }
}
