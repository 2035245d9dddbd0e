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

public class CellClassifierOptionsTests
{
    private static readonly InputShape Small = new(1, 12, 12, 3);

    [Fact]
    public void The_auxiliary_head_runs_only_in_training_and_is_counted_apart()
    {
        var arch = CellSpace.FromGenotype(PublishedGenotypes.Get("DARTS_V2"));
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var net = (Nas.Torch.Networks.Cells.CellClassifier)NetworkCatalog.Default.Build(arch, Small, new NetworkOptions(Channels: 4, Layers: 3, Auxiliary: true));
        var x = TorchSharp.torch.randn(2, 1, 12, 12);
        net.train();
        var (logits, aux) = net.ForwardWithAuxiliary(x);
        Assert.Equal(new long[] { 2, 3 }, logits.shape);
        Assert.NotNull(aux);
        Assert.Equal(new long[] { 2, 3 }, aux!.shape);
        net.eval();
        Assert.Null(net.ForwardWithAuxiliary(x).AuxiliaryLogits);
        var counts = Nas.Torch.Statistics.ModelStatistics.Count(net);
        Assert.True(counts.Auxiliary > 0);
        Assert.Equal(Nas.Torch.Statistics.ModelStatistics.Parameters(net), counts.Network + counts.Auxiliary);
        using var without = NetworkCatalog.Default.Build(arch, Small, new NetworkOptions(Channels: 4, Layers: 3));
        Assert.Equal(counts.Network, Nas.Torch.Statistics.ModelStatistics.Count(without).Network);
    }

    [Fact]
    public void Channels_and_layers_change_the_network_and_the_imagenet_layout_builds()
    {
        var arch = CellSpace.FromGenotype(PublishedGenotypes.Get("DARTS_V2"));
        using var small = NetworkCatalog.Default.Build(arch, Small, new NetworkOptions(Channels: 4, Layers: 3));
        using var wide = NetworkCatalog.Default.Build(arch, Small, new NetworkOptions(Channels: 8, Layers: 3));
        using var deep = NetworkCatalog.Default.Build(arch, Small, new NetworkOptions(Channels: 4, Layers: 6));
        long p = Nas.Torch.Statistics.ModelStatistics.Parameters(small);
        Assert.True(Nas.Torch.Statistics.ModelStatistics.Parameters(wide) > p);
        Assert.True(Nas.Torch.Statistics.ModelStatistics.Parameters(deep) > p);
        using var imagenet = (Nas.Torch.Networks.Cells.CellClassifier)NetworkCatalog.Default.Build(arch, new InputShape(3, 32, 32, 5), new NetworkOptions(Channels: 4, Layers: 3, Kind: NetworkKind.ImageNet));
        Assert.IsType<Nas.Torch.Networks.Cells.NetworkImageNet>(imagenet.Network);
        using var scope = TorchSharp.torch.NewDisposeScope();
        imagenet.eval();
        Assert.Equal(new long[] { 1, 5 }, imagenet.call(TorchSharp.torch.randn(1, 3, 32, 32)).shape);
    }

    [Fact]
    public void A_macro_architecture_refuses_cell_network_options()
    {
        var arch = ArchitectureSampler.Sample(Nas.Spaces.Macro.MacroSpace.Create(), new Random(1));
        var e = Assert.Throws<NasUserException>(() => NetworkCatalog.Default.Build(arch, new InputShape(1, 28, 28, 10), new NetworkOptions(Channels: 8)));
        Assert.Equal("the network's size (initial channels, cells, auxiliary head, layout) applies to cell architectures; a macro architecture carries its own sizes", e.Message);
        using var defaults = NetworkCatalog.Default.Build(arch, new InputShape(1, 28, 28, 10), NetworkOptions.Default);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_published_cell_is_an_architecture_that_gives_its_genotype_back(string name)
    {
        var genotype = PublishedGenotypes.Get(name);
        var arch = CellSpace.FromGenotype(genotype);
        Assert.Equal(genotype, CellSpace.ToGenotype(Nas.Architectures.Architecture.FromJson(arch.ToJson())));
    }

    public static IEnumerable<object[]> Names => PublishedGenotypes.Names.Select(n => new object[] { n });
}
