using System.Xml.Linq;
using Nas.Reporting;
using Nas.Spaces.Cells;

namespace Nas.Tests.Cells;

public class CellDiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Theory]
    [MemberData(nameof(PublishedGenotypesTests.AllNames), MemberType = typeof(PublishedGenotypesTests))]
    public void Svg_is_well_formed_with_both_cells_and_every_edge_labelled(string name)
    {
        var genotype = PublishedGenotypes.Get(name);
        var doc = XDocument.Parse(CellDiagram.ToSvg(genotype));
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        foreach (var (id, cell) in new[] { ("normal", CellKind.Normal), ("reduce", CellKind.Reduce) })
        {
            var group = doc.Descendants(Svg + "g").Single(g => (string?)g.Attribute("id") == id);
            var ops = group.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "op").Select(t => t.Value).ToArray();
            Assert.Equal(genotype.Edges(cell).Select(e => e.Op).Order(), ops.Order());
            var labels = group.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "node").Select(g => g.Value).ToArray();
            int nodes = genotype.Nodes(cell);
            Assert.Equal(new[] { "c_{k-2}", "c_{k-1}" }.Concat(Enumerable.Range(0, nodes).Select(i => i.ToString())).Append("c_{k}"), labels);
            int edges = group.Descendants(Svg + "path").Count(p => (string?)p.Attribute("class") == "edge");
            Assert.Equal(genotype.Edges(cell).Count + genotype.Concat(cell).Count, edges);
        }
    }

    [Fact]
    public void Layout_puts_each_node_right_of_its_inputs()
    {
        var doc = XDocument.Parse(CellDiagram.ToSvg(PublishedGenotypes.DARTS_V2, CellKind.Normal));
        var x = doc.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "node")
            .ToDictionary(g => g.Value, g => double.Parse(g.Element(Svg + "rect")!.Attribute("x")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(x["c_{k-2}"], x["c_{k-1}"]);
        Assert.True(x["0"] > x["c_{k-1}"]);
        Assert.True(x["3"] > x["0"], "node 3 reads node 0 (state 2)");
        Assert.True(x["c_{k}"] > x["3"]);
        Assert.Single(doc.Descendants(Svg + "g"), g => g.Attribute("id") is not null);
    }

    [Fact]
    public void Dot_lists_every_edge_in_a_cluster_per_cell()
    {
        var dot = CellDiagram.ToDot(PublishedGenotypes.SNAS_aggressive);
        Assert.StartsWith("digraph cells {", dot);
        Assert.Contains("subgraph cluster_normal {", dot);
        Assert.Contains("subgraph cluster_reduce {", dot);
        Assert.Contains("\"normal:c_{k-2}\" -> \"normal:0\" [label=\"sep_conv_5x5\"];", dot);
        Assert.Contains("\"reduce:c_{k-1}\" -> \"reduce:0\" [label=\"none\", style=dashed];", dot);
        Assert.Contains("\"reduce:3\" -> \"reduce:c_{k}\" [color=gray];", dot);
        Assert.Equal(8 + 4 + 8 + 4, dot.Split("->").Length - 1);
        Assert.Equal(dot, CellDiagram.Render(PublishedGenotypes.SNAS_aggressive, CellDiagramFormat.Dot));
        Assert.DoesNotContain("cluster_normal", CellDiagram.Render(PublishedGenotypes.SNAS_aggressive, CellDiagramFormat.Dot, CellKind.Reduce));
    }

    [Fact]
    public void Invalid_genotypes_are_not_drawn()
    {
        var bad = PublishedGenotypes.DARTS_V2 with { Normal = PublishedGenotypes.DARTS_V2.Normal.Select(e => e with { Input = 7 }).ToArray() };
        Assert.Throws<NasUserException>(() => CellDiagram.ToSvg(bad));
    }
}
