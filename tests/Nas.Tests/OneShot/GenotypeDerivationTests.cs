using Nas.OneShot;
using Nas.Spaces.Cells;

namespace Nas.Tests.OneShot;

public class GenotypeDerivationTests
{
    private static readonly IReadOnlyList<string> Ops = CellOps.DartsPrimitives; // none, max, avg, skip, sep3, sep5, dil3, dil5

    /// <summary>Every edge: none 0.5, the rest small and equal except what <paramref name="set"/> changes.</summary>
    private static double[][] Probabilities(Action<double[][]> set)
    {
        var p = Enumerable.Range(0, SupernetEdges.Count(4)).Select(_ => new[] { 0.5, 0.05, 0.05, 0.05, 0.1, 0.05, 0.1, 0.1 }).ToArray();
        set(p);
        return p;
    }

    private static int Op(string name) => Ops.ToList().IndexOf(name);

    [Fact]
    public void Edge_layout_matches_darts()
    {
        Assert.Equal(14, SupernetEdges.Count(4));
        Assert.Equal(new[] { 0, 2, 5, 9 }, Enumerable.Range(0, 4).Select(SupernetEdges.First));
        Assert.Equal(8, SupernetEdges.Index(2, 3));
        Assert.Equal((3, 4), SupernetEdges.All(4)[13]);
    }

    [Fact]
    public void Darts_keeps_two_edges_per_node_by_their_best_non_none_weight_and_never_none()
    {
        var normal = Probabilities(p =>
        {
            p[SupernetEdges.Index(0, 1)][Op(CellOps.SepConv5x5)] = 0.3;   // node 0: inputs 0,1 (only two)
            p[SupernetEdges.Index(1, 2)][Op(CellOps.DilConv3x3)] = 0.3;   // node 1: input 2 and (tie at 0.1) input 0
            p[SupernetEdges.Index(2, 3)][Op(CellOps.MaxPool3x3)] = 0.4;   // node 2: inputs 3 and 1
            p[SupernetEdges.Index(2, 1)][Op(CellOps.AvgPool3x3)] = 0.2;
            p[SupernetEdges.Index(3, 0)][Op(CellOps.None)] = 0.9;         // none is ignored, so sep_conv_3x3 0.1 still ranks
            p[SupernetEdges.Index(3, 4)][Op(CellOps.SkipConnect)] = 0.35;
            p[SupernetEdges.Index(3, 2)][Op(CellOps.SepConv3x3)] = 0.25;
        });
        var g = GenotypeDerivation.Darts(normal, normal, Ops);
        Assert.Equal(new[]
        {
            new CellEdge(CellOps.SepConv3x3, 0), new CellEdge(CellOps.SepConv5x5, 1),
            new CellEdge(CellOps.SepConv3x3, 0), new CellEdge(CellOps.DilConv3x3, 2),
            new CellEdge(CellOps.AvgPool3x3, 1), new CellEdge(CellOps.MaxPool3x3, 3),
            new CellEdge(CellOps.SepConv3x3, 2), new CellEdge(CellOps.SkipConnect, 4),
        }, g.Normal);
        Assert.DoesNotContain(g.Normal.Concat(g.Reduce), e => e.Op == CellOps.None);
        Assert.Equal(new[] { 2, 3, 4, 5 }, g.NormalConcat);
        Assert.Equal(DartsCellSpace.Name, CellSpace.FromGenotype(g).Space.Name);
    }

    [Fact]
    public void Skip_cap_replaces_the_weakest_skips_in_the_normal_cell_only()
    {
        var skipHeavy = Probabilities(p =>
        {
            for (int e = 0; e < p.Length; e++) p[e][Op(CellOps.SkipConnect)] = 0.3 + 0.01 * e;
        });
        var uncapped = GenotypeDerivation.Darts(skipHeavy, skipHeavy, Ops);
        Assert.Equal(8, uncapped.Normal.Count(e => e.Op == CellOps.SkipConnect));

        var capped = GenotypeDerivation.Darts(skipHeavy, skipHeavy, Ops, maxSkip: 2);
        var skips = capped.Normal.Select((e, i) => (e, i)).Where(x => x.e.Op == CellOps.SkipConnect).ToArray();
        Assert.Equal(2, skips.Length);
        // The two strongest skips are the last node's (edges 12 and 13: inputs 3 and 4).
        Assert.Equal(new[] { 3, 4 }, skips.Select(s => s.e.Input));
        Assert.Equal(8, capped.Reduce.Count(e => e.Op == CellOps.SkipConnect)); // the cap is for the normal cell

        var none = GenotypeDerivation.Darts(skipHeavy, skipHeavy, Ops, maxSkip: 0);
        Assert.DoesNotContain(none.Normal, e => e.Op == CellOps.SkipConnect);
        Assert.Equal("maxSkip", Assert.Throws<ArgumentOutOfRangeException>(() => GenotypeDerivation.Darts(skipHeavy, skipHeavy, Ops, maxSkip: -1)).ParamName);
    }

    [Fact]
    public void Snas_takes_the_argmax_per_edge_none_included()
    {
        var p = Probabilities(q =>
        {
            q[SupernetEdges.Index(0, 1)][Op(CellOps.SepConv3x3)] = 0.7;  // node 0: one live edge
            for (int j = 0; j < 4; j++) q[SupernetEdges.Index(2, j)][Op(CellOps.DilConv5x5)] = 0.6 + 0.01 * j; // node 2: four live edges
        });
        var child = GenotypeDerivation.Snas(p, p, Ops);
        Assert.Equal(CellOps.None, child.Normal[SupernetEdges.Index(0, 0)]);
        Assert.Equal(CellOps.SepConv3x3, child.Normal[SupernetEdges.Index(0, 1)]);
        Assert.Equal(9, child.Normal.Count(o => o == CellOps.None));
        // Node 0: the live edge and a none edge; node 1: no live input, two none edges; node 2: its two strongest edges.
        Assert.Equal(new[] { new CellEdge(CellOps.None, 0), new CellEdge(CellOps.SepConv3x3, 1) }, child.Genotype.Normal.Take(2));
        Assert.All(child.Genotype.Normal.Skip(2).Take(2), e => Assert.Equal(CellOps.None, e.Op));
        Assert.Equal(new[] { new CellEdge(CellOps.DilConv5x5, 2), new CellEdge(CellOps.DilConv5x5, 3) }, child.Genotype.Normal.Skip(4).Take(2));
        Assert.Equal(4, child.DroppedEdges); // two per cell
        // The genotype, none edges and input-less nodes included, is a darts-cell architecture and builds a network.
        var arch = CellSpace.FromGenotype(child.Genotype);
        Assert.Equal(child.Genotype, CellSpace.ToGenotype(arch));
        using var net = new Nas.Torch.Networks.Cells.NetworkCifar(child.Genotype, channels: 4, classes: 3, layers: 3, inputChannels: 1);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var (logits, _) = net.call(TorchSharp.torch.randn(2, 1, 12, 12));
        Assert.Equal(new long[] { 2, 3 }, logits.shape);
    }

    [Fact]
    public void Entropy_sums_edges()
    {
        var uniform = new[] { new[] { 0.25, 0.25, 0.25, 0.25 } };
        var certain = new[] { new[] { 1.0, 0, 0, 0 } };
        Assert.Equal(Math.Log(4), ArchitectureDistribution.Entropy(uniform, certain), 12);
    }
}
