using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Cells;

/// <summary>
/// The CIFAR auxiliary classifier of DARTS (after NASNet): ReLU, 5×5 average pooling with stride 3
/// (padding not counted), 1×1 convolution to 128, BN, ReLU, 2×2 convolution to 768, BN, ReLU, linear.
/// It expects the 8×8 maps that 32×32 images give after two reductions, where the pooling yields 2×2.
/// Our change, for other sizes: when that pooling would not give 2×2 (28×28 images give 7×7 maps,
/// which it would pool to 1×1, too small for the 2×2 convolution), the head pools adaptively to
/// 2×2 instead (on 7×7: 4×4 windows overlapping by one pixel). Parameters are the same either way,
/// and 32×32 inputs go through exactly the reference's pooling.
/// </summary>
internal sealed class AuxiliaryHeadCifar : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d _reduce;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv;
    private readonly BatchNorm2d _bn2;
    private readonly Linear _classifier;

    public AuxiliaryHeadCifar(int channels, int classes) : base(nameof(AuxiliaryHeadCifar))
    {
        _reduce = nn.Conv2d(channels, 128, 1, bias: false);
        _bn1 = global::Nas.Torch.Ops.Norms.BatchNorm2d(128);
        _conv = nn.Conv2d(128, 768, 2, bias: false);
        _bn2 = global::Nas.Torch.Ops.Norms.BatchNorm2d(768);
        _classifier = nn.Linear(768, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var pooled = AuxiliaryPooling.To2x2(nn.functional.relu(x), stride: 3);
        var h = nn.functional.relu(_bn1.call(_reduce.call(pooled)));
        h = nn.functional.relu(_bn2.call(_conv.call(h)));
        return _classifier.call(h.flatten(1)).MoveToOuterDisposeScope();
    }
}
