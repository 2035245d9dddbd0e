using Nas.Torch.Ops;
using static TorchSharp.torch;

namespace Nas.Tests.Ops;

public class ChannelsLastTests
{
    [Fact]
    public void Keeps_shape_and_values_with_channels_innermost()
    {
        using var scope = NewDisposeScope();
        var x = randn(2, 3, 4, 5);
        var y = ChannelsLast.Of(x);
        Assert.Equal(x.shape, y.shape);
        Assert.True(y.eq(x).all().item<bool>());
        // NHWC strides: channels 1 apart, a column C apart, a row W*C apart, an image H*W*C apart.
        Assert.Equal(new long[] { 60, 1, 15, 3 }, y.stride());
    }

    [Fact]
    public void Sep_conv_gives_the_same_numbers_in_either_layout()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var op = new SepConv(8, 8, 3, 1, 1, affine: false);
        var x = randn(2, 8, 9, 9);
        var a = op.call(x);
        var b = op.call(ChannelsLast.Of(x));
        Assert.True(a.allclose(b, rtol: 1e-4, atol: 1e-5));
        Assert.Equal(1, b.stride(1));
    }
}
