using Nas.Spaces.Cells;
using Nas.Torch.Ops;
using static TorchSharp.torch;

namespace Nas.Tests.Ops;

public class OpShapeTests
{
    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var op in CellOps.All)
            foreach (int stride in new[] { 1, 2 })
                foreach (int size in new[] { 7, 8, 15, 32 })
                    data.Add(op, stride, size);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_op_keeps_channels_and_divides_the_resolution_by_its_stride(string op, int stride, int size)
    {
        using var scope = NewDisposeScope();
        const int channels = 6;
        using var module = OpRegistry.Default.Create(op, channels, stride, affine: true);
        var x = randn(2, channels, size, size);
        var y = module.forward(x);
        long expected = (size + stride - 1) / stride;
        Assert.Equal(new long[] { 2, channels, expected, expected }, y.shape);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Ops_without_affine_batch_norm_keep_shapes_too(int stride)
    {
        using var scope = NewDisposeScope();
        foreach (var op in CellOps.All)
        {
            using var module = OpRegistry.Default.Create(op, 4, stride, affine: false);
            var y = module.forward(randn(1, 4, 9, 9));
            Assert.Equal(new long[] { 1, 4, stride == 1 ? 9 : 5, stride == 1 ? 9 : 5 }, y.shape);
        }
    }

    [Fact]
    public void None_is_all_zeros_and_subsamples_with_stride_two()
    {
        using var scope = NewDisposeScope();
        using var zero = new Zero(2);
        var y = zero.forward(randn(1, 3, 5, 5));
        Assert.Equal(new long[] { 1, 3, 3, 3 }, y.shape);
        Assert.Equal(0.0, y.abs().sum().item<float>());
    }

    [Fact]
    public void Skip_connect_at_stride_one_returns_the_input_values()
    {
        using var scope = NewDisposeScope();
        using var skip = OpRegistry.Default.Create(CellOps.SkipConnect, 3, 1, affine: true);
        var x = randn(2, 3, 4, 4);
        Assert.True(skip.forward(x).eq(x).all().item<bool>());
    }
}
