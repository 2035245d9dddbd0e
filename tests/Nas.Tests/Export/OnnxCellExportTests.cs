using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Networks;
using Nas.Torch.Networks.Cells;
using Nas.Torch.Ops;

namespace Nas.Tests.Export;

public class OnnxCellExportTests
{
    private const double Tolerance = 1e-4;

    // Every op of the registry, in both cells: skip_connect at stride 1 (identity) and 2 (factorized reduce), none
    // at both strides, pooling and convolutions at both strides.
    private static readonly Genotype EveryOp = new(
        [new("sep_conv_3x3", 0), new("skip_connect", 1), new("sep_conv_7x7", 0), new("dil_conv_3x3", 2), new("sep_conv_5x5", 1),
         new("conv_7x1_1x7", 3), new("none", 4), new("avg_pool_3x3", 2)], [2, 3, 4, 5],
        [new("max_pool_3x3", 0), new("avg_pool_3x3", 1), new("skip_connect", 0), new("dil_conv_5x5", 2), new("none", 1),
         new("sep_conv_5x5", 3), new("conv_7x1_1x7", 0), new("skip_connect", 4)], [2, 3, 4, 5]);

    [Fact]
    public void The_test_genotype_uses_every_op_of_the_registry()
    {
        Assert.Equal(OpRegistry.Default.Names.Order(), EveryOp.Ops.Order());
    }

    [Theory]
    [InlineData(NetworkKind.Cifar, 1, 27, 27)]
    [InlineData(NetworkKind.ImageNet, 3, 32, 30)]
    public void Cell_networks_with_every_op_agree_in_both_layouts(NetworkKind kind, int channels, int height, int width)
    {
        var shape = new InputShape(channels, height, width, 5);
        Assert.InRange(OnnxAgreement.MaxDifference(() => new CellClassifier(EveryOp, shape, new NetworkOptions(Channels: 4, Layers: 5, Kind: kind)), shape), 0, Tolerance);
    }

    [Fact]
    public void Published_and_sampled_cells_of_both_cell_spaces_agree_with_the_auxiliary_head_left_out()
    {
        var shape = new InputShape(1, 28, 28, 10);
        var options = new NetworkOptions(Channels: 4, Layers: 3, Auxiliary: true);
        Assert.InRange(OnnxAgreement.MaxDifference(CellSpace.FromGenotype(DartsCellSpace.Create(), PublishedGenotypes.Get("DARTS_V2")), shape, options), 0, Tolerance);
        var random = new Random(2);
        foreach (var space in new[] { DartsCellSpace.Create(), EnasCellSpace.Create() })
            Assert.InRange(OnnxAgreement.MaxDifference(ArchitectureSampler.Sample(space, random), shape, options), 0, Tolerance);
    }

    [Fact]
    public void Enas_macro_networks_agree()
    {
        var space = EnasMacroSpace.Create();
        var random = new Random(4);
        for (int i = 0; i < 3; i++)
            Assert.InRange(OnnxAgreement.MaxDifference(ArchitectureSampler.Sample(space, random), new InputShape(1, 28, 28, 10)), 0, Tolerance);
    }
}
