using Nas.Spaces.Cells;
using Nas.Torch.Ops;

namespace Nas.Tests.Ops;

public class OpRegistryTests
{
    [Fact]
    public void Default_registry_lists_every_op_in_order()
    {
        Assert.Equal(CellOps.All.ToArray(), OpRegistry.Default.Names.ToArray());
        // The built-in ops first, in order; a test that registers its own op (RegistrationTests) adds it after them.
        Assert.Equal(new[] { "none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5",
            "sep_conv_7x7", "dil_conv_3x3", "dil_conv_5x5", "conv_7x1_1x7" }, OpRegistry.Default.Names.Take(10).ToArray());
    }

    [Fact]
    public void Darts_and_enas_sets_are_named_subsets()
    {
        Assert.Equal(new[] { "none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5",
            "dil_conv_3x3", "dil_conv_5x5" }, OpRegistry.Darts.Names.ToArray());
        Assert.Equal(new[] { "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "avg_pool_3x3", "max_pool_3x3" }, OpRegistry.EnasMicro.Names.ToArray());
        Assert.Equal("none", OpRegistry.None);
        Assert.False(OpRegistry.EnasMicro.Contains(OpRegistry.None));
    }

    [Fact]
    public void Unknown_op_is_a_user_error_listing_the_known_ones()
    {
        var e = Assert.Throws<NasUserException>(() => OpRegistry.EnasMicro.Create("sep_conv_7x7", 4, 1, true));
        Assert.Contains("sep_conv_7x7", e.Message);
        Assert.Contains("skip_connect, sep_conv_3x3", e.Message);
    }

    [Fact]
    public void Skip_connect_is_identity_at_stride_one_and_factorized_reduce_at_stride_two()
    {
        Assert.IsType<Identity>(OpRegistry.Default.Create(CellOps.SkipConnect, 4, 1, true));
        Assert.IsType<FactorizedReduce>(OpRegistry.Default.Create(CellOps.SkipConnect, 4, 2, true));
        Assert.IsType<Identity>(OpRegistry.EnasMicro.Create(CellOps.SkipConnect, 4, 1, true));
    }

    [Theory]
    [InlineData("none", 0)]
    [InlineData("max_pool_3x3", 0)]
    [InlineData("avg_pool_3x3", 0)]
    [InlineData("skip_connect", 0)]
    [InlineData("sep_conv_3x3", 2 * (9 * 8 + 8 * 8 + 2 * 8))]
    [InlineData("sep_conv_5x5", 2 * (25 * 8 + 8 * 8 + 2 * 8))]
    [InlineData("sep_conv_7x7", 2 * (49 * 8 + 8 * 8 + 2 * 8))]
    [InlineData("dil_conv_3x3", 9 * 8 + 8 * 8 + 2 * 8)]
    [InlineData("dil_conv_5x5", 25 * 8 + 8 * 8 + 2 * 8)]
    [InlineData("conv_7x1_1x7", 2 * 7 * 8 * 8 + 2 * 8)]
    public void Ops_have_the_reference_parameter_counts(string op, int expected)
    {
        using var module = OpRegistry.Default.Create(op, 8, 1, affine: true);
        Assert.Equal(expected, module.parameters().Sum(p => p.numel()));
    }
}
