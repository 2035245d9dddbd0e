using Nas.Torch.Ops;
using static TorchSharp.torch;

namespace Nas.Tests.Ops;

public class FactorizedReduceTests
{
    [Theory]
    [InlineData(8, 8, 4)]
    [InlineData(7, 7, 4)]
    [InlineData(15, 15, 8)]
    [InlineData(16, 9, 8)]
    public void Halves_the_resolution_rounding_up(int size, int width, int expected)
    {
        using var scope = NewDisposeScope();
        using var reduce = new FactorizedReduce(5, 8, affine: true);
        var y = reduce.forward(randn(2, 5, size, width));
        Assert.Equal(new long[] { 2, 8, expected, (width + 1) / 2 }, y.shape);
    }

    [Fact]
    public void Has_two_half_width_pointwise_convolutions_and_a_batch_norm()
    {
        using var reduce = new FactorizedReduce(6, 10, affine: true);
        long parameters = reduce.parameters().Sum(p => p.numel());
        Assert.Equal(6 * 5 + 6 * 5 + 2 * 10, parameters);
    }

    [Fact]
    public void An_odd_channel_count_gives_the_second_convolution_the_extra_channel()
    {
        using var scope = NewDisposeScope();
        using var reduce = new FactorizedReduce(4, 7, affine: false);
        Assert.Equal(new long[] { 1, 7, 3, 3 }, reduce.forward(randn(1, 4, 6, 6)).shape);
        Assert.Equal(4 * 3 + 4 * 4, reduce.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Second_path_reads_the_input_shifted_by_one_pixel()
    {
        using var scope = NewDisposeScope();
        using var reduce = new FactorizedReduce(1, 2, affine: false);
        reduce.eval();
        foreach (var p in reduce.parameters()) using (no_grad()) p.fill_(1.0);
        // Eval-mode BN with fresh running stats is (nearly) the identity, so each output channel is
        // the ReLU'd input sampled at even (first path) or odd (second path) positions.
        var x = arange(16, dtype: ScalarType.Float32).reshape(1, 1, 4, 4);
        var y = reduce.forward(x);
        var even = new float[] { 0, 2, 8, 10 };
        var odd = new float[] { 5, 7, 13, 15 };
        Assert.Equal(even, y[0, 0].flatten().data<float>().Select(v => MathF.Round(v, 2)).ToArray());
        Assert.Equal(odd, y[0, 1].flatten().data<float>().Select(v => MathF.Round(v, 2)).ToArray());
    }
}
