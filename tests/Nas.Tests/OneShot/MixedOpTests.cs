using Nas.Torch.OneShot;
using Nas.Torch.Ops;
using static TorchSharp.torch;

namespace Nas.Tests.OneShot;

public class MixedOpTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void One_hot_weights_give_exactly_that_op(int stride)
    {
        manual_seed(11);
        using var op = new MixedOp(OpRegistry.Darts, channels: 4, stride: stride);
        op.eval();
        using var scope = NewDisposeScope();
        var x = randn(2, 4, 8, 8);
        for (int k = 0; k < op.Names.Count; k++)
        {
            var weights = zeros(op.Names.Count);
            weights[k] = tensor(1f);
            var mixed = op.call(x, weights);
            var single = op.Op(k).call(x);
            Assert.True(mixed.allclose(single, rtol: 1e-5, atol: 1e-6), $"op {op.Names[k]} (stride {stride})");
        }
    }

    [Fact]
    public void Pooling_ops_carry_a_non_affine_batch_norm_and_no_op_is_affine()
    {
        using var op = new MixedOp(OpRegistry.Darts, channels: 4, stride: 1);
        var names = op.named_modules().Select(m => m.name).ToArray();
        Assert.Contains(names, n => n.EndsWith(".bn") || n == "bn" || n.Contains("bn"));
        foreach (var (_, module) in op.named_modules())
            if (module is TorchSharp.Modules.BatchNorm2d bn) Assert.Null(bn.weight);
        int max = op.Names.ToList().IndexOf("max_pool_3x3");
        Assert.Contains(op.Op(max).named_modules(), m => m.module is TorchSharp.Modules.BatchNorm2d);
    }
}
