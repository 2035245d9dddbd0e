using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Strategies;

namespace Nas.Tests.Cells;

public class CellSpaceTests
{
    [Fact]
    public void Darts_space_has_four_decisions_per_node_and_no_none_by_default()
    {
        var space = DartsCellSpace.Create();
        Assert.Equal(DartsCellSpace.Name, space.Name);
        Assert.Equal(2 * 4 * 4, space.Decisions.Length);
        Assert.Equal("normal.node0.input_a", space.Decisions[0].Name);
        Assert.Equal(new OptionValue[] { 0, 1, 2, 3, 4 }, space.Find("reduce.node3.input_b")!.Options);
        var ops = space.Find("normal.node2.op_a")!.Options.Select(o => o.AsName).ToArray();
        Assert.Equal(CellOps.DartsCellOps.ToArray(), ops);
        Assert.DoesNotContain(CellOps.None, ops);
    }

    [Fact]
    public void Darts_second_input_must_differ_from_the_first()
    {
        var space = DartsCellSpace.Create();
        var input = space.Find("normal.node2.input_b")!;
        var earlier = new Dictionary<string, Choice> { ["normal.node2.input_a"] = Choice.Single(3) };
        Assert.Equal(new[] { 0, 1, 2 }, input.AllowedGiven(earlier));
        var values = CellSpace.FromGenotype(space, PublishedGenotypes.DARTS_V2).Values.ToDictionary();
        values["normal.node1.input_b"] = values["normal.node1.input_a"];
        Assert.Throws<ArchitectureException>(() => Architecture.Create(space, values));
    }

    [Fact]
    public void Enas_space_allows_the_same_input_twice_and_uses_the_enas_ops()
    {
        var space = EnasCellSpace.Create();
        Assert.Equal(2 * 5 * 4, space.Decisions.Length);
        Assert.False(space.Find("normal.node4.input_b")!.IsDependent);
        Assert.Equal(new[] { "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "avg_pool_3x3", "max_pool_3x3" },
            space.Find("reduce.node0.op_b")!.Options.Select(o => o.AsName));
    }

    [Fact]
    public void Both_spaces_are_in_the_default_catalog_with_their_defaults()
    {
        var empty = JsonDocument.Parse("{}").RootElement;
        Assert.Equal(DartsCellSpace.Create().Decisions.Length, SpaceCatalog.Default.Create("darts-cell", empty).Decisions.Length);
        Assert.Equal(EnasCellSpace.Create().Decisions.Length, SpaceCatalog.Default.Create("enas-cell", empty).Decisions.Length);
        var custom = SpaceCatalog.Default.Create("darts-cell", JsonDocument.Parse("{\"nodes\":2,\"ops\":[\"none\",\"sep_conv_3x3\"]}").RootElement);
        Assert.Equal(16, custom.Decisions.Length);
        var e = Assert.Throws<Nas.Search.SettingException>(() => SpaceCatalog.Default.Create("enas-cell", JsonDocument.Parse("{\"ops\":[\"conv_9x9\"]}").RootElement));
        Assert.Contains("space.ops names an unknown op 'conv_9x9'", e.Message);
    }

    [Theory]
    [InlineData(DartsCellSpace.Name)]
    [InlineData(EnasCellSpace.Name)]
    public void Random_architectures_are_valid_and_convert_to_valid_genotypes_and_back(string kind)
    {
        var space = kind == DartsCellSpace.Name ? DartsCellSpace.Create() : EnasCellSpace.Create();
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            var architecture = ArchitectureSampler.Sample(space, random);
            var genotype = CellSpace.ToGenotype(architecture).Validate();
            Assert.Equal(architecture, CellSpace.FromGenotype(space, genotype));
            Assert.Equal(architecture, Architecture.FromJson(architecture.ToJson()));
            if (kind == DartsCellSpace.Name)
            {
                Assert.Equal(new[] { 2, 3, 4, 5 }, genotype.NormalConcat);
                for (int node = 0; node < 4; node++) Assert.NotEqual(genotype.Reduce[2 * node].Input, genotype.Reduce[2 * node + 1].Input);
            }
            else
            {
                var read = genotype.Normal.Select(e => e.Input).ToHashSet();
                Assert.Equal(Enumerable.Range(2, 5).Where(s => !read.Contains(s)), genotype.NormalConcat);
                Assert.Contains(6, genotype.NormalConcat);
            }
        }
    }

    [Theory]
    [InlineData("DARTS_V1", DartsCellSpace.Name)]
    [InlineData("DARTS_V2", DartsCellSpace.Name)]
    [InlineData("SNAS_mild", DartsCellSpace.Name)]
    [InlineData("SNAS_moderate", DartsCellSpace.Name)]
    [InlineData("SNAS_aggressive", DartsCellSpace.Name)]
    [InlineData("ENAS", EnasCellSpace.Name)]
    [InlineData("NASNet", EnasCellSpace.Name)]
    [InlineData("AmoebaNet", EnasCellSpace.Name)]
    public void Published_genotypes_convert_to_the_space_that_fits_and_back(string name, string kind)
    {
        var genotype = PublishedGenotypes.Get(name);
        var architecture = CellSpace.FromGenotype(genotype);
        Assert.Equal(kind, architecture.Space.Name);
        Assert.Equal(genotype, CellSpace.ToGenotype(architecture));
        var reread = Architecture.FromJson(architecture.ToJson());
        Assert.Equal(genotype, CellSpace.ToGenotype(reread));
    }

    [Fact]
    public void Default_spaces_take_the_genotypes_they_were_made_for()
    {
        Assert.Equal(DartsCellSpace.Name, CellSpace.FromGenotype(DartsCellSpace.Create(), PublishedGenotypes.DARTS_V2).Space.Name);
        Assert.Equal(EnasCellSpace.Name, CellSpace.FromGenotype(EnasCellSpace.Create(), PublishedGenotypes.ENAS).Space.Name);
        Assert.Equal(DartsCellSpace.Defaults.Ops, CellSpace.OptionsOf(CellSpace.FromGenotype(PublishedGenotypes.DARTS_V2).Space).Ops);
        Assert.Equal(CellOps.DartsPrimitives.ToArray(), CellSpace.OptionsOf(CellSpace.FromGenotype(PublishedGenotypes.SNAS_aggressive).Space).Ops);
    }

    [Fact]
    public void Genotypes_that_do_not_fit_a_space_are_rejected_with_the_reason()
    {
        var darts = DartsCellSpace.Create();
        Assert.Contains("'none' is not an option", Assert.Throws<NasUserException>(() => CellSpace.FromGenotype(darts, PublishedGenotypes.SNAS_aggressive)).Message);
        Assert.Contains("has 5 nodes; the darts-cell space has 4", Assert.Throws<NasUserException>(() => CellSpace.FromGenotype(darts, PublishedGenotypes.ENAS)).Message);
        var enas = EnasCellSpace.Create(new CellSpaceOptions(4, CellOps.All));
        Assert.Contains("concatenates the nodes no other node reads",
            Assert.Throws<NasUserException>(() => CellSpace.FromGenotype(enas, PublishedGenotypes.DARTS_V2)).Message);
        var repeated = PublishedGenotypes.DARTS_V2 with { Normal = PublishedGenotypes.DARTS_V2.Normal.Select((e, i) => i == 1 ? e with { Input = 0 } : e).ToArray() };
        Assert.Contains("reads state 0 twice", Assert.Throws<NasUserException>(() => CellSpace.FromGenotype(darts, repeated)).Message);
    }

    [Fact]
    public void Other_spaces_are_refused()
    {
        var macro = Spaces.Macro.MacroSpace.Create();
        var e = Assert.Throws<NasUserException>(() => CellSpace.FromGenotype(macro, PublishedGenotypes.DARTS_V2));
        Assert.Contains("expected a darts-cell or enas-cell space, got the macro space", e.Message);
    }
}
