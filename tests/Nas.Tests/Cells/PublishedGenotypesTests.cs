using Nas.Spaces.Cells;

namespace Nas.Tests.Cells;

public class PublishedGenotypesTests
{
    public static TheoryData<string> AllNames() => new(PublishedGenotypes.Names);

    [Fact]
    public void Every_published_name_is_listed()
    {
        Assert.Equal(new[] { "NASNet", "AmoebaNet", "DARTS_V1", "DARTS_V2", "DARTS", "ENAS", "SNAS_mild", "SNAS_moderate", "SNAS_aggressive" },
            PublishedGenotypes.Names);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Every_published_genotype_is_valid(string name) => PublishedGenotypes.Get(name).Validate();

    [Fact]
    public void Lookup_ignores_case_and_darts_is_the_second_order_cell()
    {
        Assert.Same(PublishedGenotypes.DARTS_V2, PublishedGenotypes.Get("darts"));
        Assert.Same(PublishedGenotypes.SNAS_mild, PublishedGenotypes.Get("snas_MILD"));
        Assert.Same(PublishedGenotypes.NASNet, PublishedGenotypes.Get("nasnet"));
        Assert.Null(PublishedGenotypes.Find("resnet"));
    }

    [Fact]
    public void Unknown_name_is_a_user_error_listing_the_known_names()
    {
        var e = Assert.Throws<NasUserException>(() => PublishedGenotypes.Get("PNAS"));
        Assert.Equal("unknown genotype 'PNAS' (known: NASNet, AmoebaNet, DARTS_V1, DARTS_V2, DARTS, ENAS, SNAS_mild, SNAS_moderate, SNAS_aggressive)", e.Message);
    }

    [Fact]
    public void Cells_have_the_published_shapes()
    {
        Assert.Equal(5, PublishedGenotypes.NASNet.Nodes(CellKind.Normal));
        Assert.Equal(new[] { 4, 5, 6 }, PublishedGenotypes.NASNet.ReduceConcat);
        Assert.Equal(new[] { 3, 4, 6 }, PublishedGenotypes.AmoebaNet.ReduceConcat);
        Assert.Equal(4, PublishedGenotypes.DARTS_V2.Nodes(CellKind.Reduce));
        Assert.Equal(new CellEdge("dil_conv_3x3", 2), PublishedGenotypes.DARTS_V2.Normal[7]);
        Assert.Contains(CellOps.None, PublishedGenotypes.SNAS_aggressive.Ops);
        Assert.Contains(CellOps.Conv7x1And1x7, PublishedGenotypes.AmoebaNet.Ops);
    }
}
