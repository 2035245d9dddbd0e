using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Search.Toys;

/// <summary>
/// An op written outside the library, to count what adding one takes: this file and one registration line
/// (<c>OpRegistry.Default.Register(ToyOp.Name, (c, s, affine) => new ToyOp(c, s))</c>). A 1x1 convolution, strided.
/// </summary>
public sealed class ToyOp : nn.Module<Tensor, Tensor>
{
    public const string OpName = "toy_conv_1x1";

    private readonly nn.Module<Tensor, Tensor> _conv;

    public ToyOp(int channels, int stride) : base(nameof(ToyOp))
    {
        _conv = nn.Conv2d(channels, channels, 1, stride: stride, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => _conv.call(x);
}
