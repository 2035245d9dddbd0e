using Nas.Spaces.Cells;
using Nas.Strategies;
using Nas.Torch.Networks;

namespace Nas.Tests.Cells;

public class CellClassifierTests
{
    [Theory]
    [InlineData(DartsCellSpace.Name)]
    [InlineData(EnasCellSpace.Name)]
    public void Random_cell_architectures_build_through_the_catalog(string spaceName)
    {
        var space = spaceName == DartsCellSpace.Name ? DartsCellSpace.Create() : EnasCellSpace.Create();
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var net = NetworkCatalog.Default.Build(ArchitectureSampler.Sample(space, new Random(3)), new InputShape(1, 12, 12, 2));
        var logits = net.call(TorchSharp.torch.randn(2, 1, 12, 12));
        Assert.Equal(new long[] { 2, 2 }, logits.shape);
        Assert.True(Nas.Torch.Statistics.ModelStatistics.Parameters(net) > 0);
    }

    [Fact]
    public void Multiply_adds_of_a_cell_network_count_every_convolution()
    {
        var arch = CellSpace.FromGenotype(DartsCellSpace.Create(), PublishedGenotypes.Get("DARTS_V2"));
        using var net = NetworkCatalog.Default.Build(arch, new InputShape(1, 28, 28, 10));
        long madds = Nas.Torch.Statistics.ModelStatistics.MultiplyAdds(net, new long[] { 1, 28, 28 });
        // the stem alone: 48 output channels x 28 x 28 x (1 x 3 x 3) = 338,688; the cells add far more
        Assert.True(madds > 10 * 338_688, $"multiply-adds {madds}");
    }
}
