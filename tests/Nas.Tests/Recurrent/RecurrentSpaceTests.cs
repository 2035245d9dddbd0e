using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Recurrent;
using Nas.Strategies;

namespace Nas.Tests.Recurrent;

public class RecurrentSpaceTests
{
    [Theory]
    [InlineData("DARTS_V1", RnnDagSpaceOptions.AllNodes)]
    [InlineData("DARTS_V2", RnnDagSpaceOptions.AllNodes)]
    [InlineData("ENAS", RnnDagSpaceOptions.LooseEnds)]
    public void Published_genotypes_are_architectures_of_the_dag_space(string name, string output)
    {
        var genotype = PublishedRecurrentGenotypes.Find(name)!;
        var arch = RnnDagSpace.FromGenotype(genotype);
        Assert.Equal(output, RnnDagSpaceOptions.FromJson(arch.Space.Settings).Output);
        Assert.Equal(genotype, RnnDagSpace.ToGenotype(arch));
        var reread = Architecture.FromJson(arch.ToJson());
        Assert.Equal(arch, reread);
        Assert.Equal(genotype, RnnDagSpace.ToGenotype(reread));
    }

    [Fact]
    public void Dag_nodes_read_only_earlier_nodes()
    {
        var space = RnnDagSpace.Create();
        Assert.Equal(16, space.Decisions.Length);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (OptionValue)i), space.Find("node5.input")!.Options);
        for (int seed = 0; seed < 50; seed++)
        {
            var g = RnnDagSpace.ToGenotype(ArchitectureSampler.Sample(space, new Random(seed)));
            Assert.All(g.Steps.Select((s, i) => (s, i)), x => Assert.InRange(x.s.Input, 0, x.i));
        }
    }

    [Fact]
    public void Loose_end_output_averages_the_nodes_nobody_reads()
    {
        var steps = new[] { new RecurrentStep("tanh", 0), new RecurrentStep("relu", 1), new RecurrentStep("relu", 1) };
        Assert.Equal(new[] { 2, 3 }, RecurrentGenotype.LooseEnds(steps));
        Assert.Equal(new[] { 2, 5, 6, 9, 10, 11 }, RecurrentGenotype.LooseEnds(PublishedRecurrentGenotypes.Enas.Steps));
    }

    [Fact]
    public void Tree_space_has_a_combination_and_activation_per_node_and_the_memory_wiring()
    {
        var space = RnnTreeSpace.Create();
        Assert.Equal(15 * 2 + 4, space.Decisions.Length);
        Assert.Equal(15, space.Find("inject.node")!.Options.Length);
        var genome = RnnTreeSpace.Decode(ArchitectureSampler.Sample(space, new Random(4)));
        Assert.Equal(8, genome.Leaves);
        Assert.Equal(15, genome.Activations.Length);
    }

    [Theory]
    [InlineData("rnn-tree", "{\"leaves\": 4}", 7 * 2 + 4)]
    [InlineData("rnn-dag", "{\"nodes\": 3, \"output\": \"loose\"}", 6)]
    public void The_catalog_rebuilds_recurrent_spaces_from_their_settings(string name, string settings, int decisions)
    {
        var space = SpaceCatalog.Default.Create(name, JsonDocument.Parse(settings).RootElement);
        Assert.Equal(decisions, space.Decisions.Length);
        var e = Assert.Throws<Nas.Search.SettingException>(() => SpaceCatalog.Default.Create(name, JsonDocument.Parse(name == "rnn-tree" ? "{\"leaves\": 6}" : "{\"nodes\": 0}").RootElement));
        Assert.Equal(name == "rnn-tree" ? "space.leaves" : "space.nodes", e.Path);
    }
}
