using Nas.Spaces.Cells;

namespace Nas.Tests.Cells;

public class GenotypeTests
{
    private static Genotype Small(params (string Op, int Input)[] normal) => new(
        normal.Select(e => new CellEdge(e.Op, e.Input)).ToArray(), Enumerable.Range(2, normal.Length / 2).ToArray(),
        PublishedGenotypes.DARTS_V2.Reduce, PublishedGenotypes.DARTS_V2.ReduceConcat);

    [Theory]
    [MemberData(nameof(PublishedGenotypesTests.AllNames), MemberType = typeof(PublishedGenotypesTests))]
    public void Json_round_trip_gives_an_equal_genotype(string name)
    {
        var genotype = PublishedGenotypes.Get(name);
        var json = genotype.ToJson();
        Assert.Equal(genotype, Genotype.FromJson(json));
        Assert.Equal(genotype.GetHashCode(), Genotype.FromJson(json).GetHashCode());
        Assert.Equal(genotype, Genotype.FromJson(genotype.ToJson(indented: true)));
    }

    [Fact]
    public void Json_is_the_darts_namedtuple_as_arrays()
    {
        var json = PublishedGenotypes.DARTS_V2.ToJson();
        Assert.StartsWith("{\"normal\":[[\"sep_conv_3x3\",0],[\"sep_conv_3x3\",1],", json);
        Assert.Contains("\"normal_concat\":[2,3,4,5]", json);
        Assert.Contains("\"reduce_concat\":[2,3,4,5]", json);
    }

    [Fact]
    public void Text_form_is_the_reference_repr()
    {
        var text = PublishedGenotypes.DARTS_V2.ToString();
        Assert.StartsWith("Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1),", text);
        Assert.EndsWith("reduce_concat=[2, 3, 4, 5])", text);
    }

    [Fact]
    public void Equality_compares_contents()
    {
        var a = Small(("sep_conv_3x3", 0), ("skip_connect", 1));
        var b = Small(("sep_conv_3x3", 0), ("skip_connect", 1));
        var c = Small(("sep_conv_3x3", 0), ("skip_connect", 0));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Unknown_op_is_rejected_naming_the_edge_and_the_known_ops()
    {
        var e = Assert.Throws<NasUserException>(() => Small(("sep_conv_3x3", 0), ("sep_conv_9x9", 1)).Validate());
        Assert.Contains("normal cell, edge 1", e.Message);
        Assert.Contains("unknown op 'sep_conv_9x9'", e.Message);
        Assert.Contains("known: none, max_pool_3x3", e.Message);
    }

    [Fact]
    public void Input_out_of_range_is_rejected()
    {
        var e = Assert.Throws<NasUserException>(() => Small(("sep_conv_3x3", 0), ("sep_conv_3x3", -1)).Validate());
        Assert.Contains("input -1 is out of range", e.Message);
        Assert.Contains("states 0..1", e.Message);
        e = Assert.Throws<NasUserException>(() => Small(("sep_conv_3x3", 0), ("sep_conv_3x3", 9)).Validate());
        Assert.Contains("input 9 is out of range", e.Message);
    }

    [Fact]
    public void A_node_reading_itself_is_rejected()
    {
        var e = Assert.Throws<NasUserException>(() =>
            Small(("sep_conv_3x3", 0), ("sep_conv_3x3", 1), ("skip_connect", 3), ("sep_conv_3x3", 0)).Validate());
        Assert.Contains("edge 2 (intermediate node 1, state 3): reads itself", e.Message);
    }

    [Fact]
    public void A_node_reading_a_later_node_is_rejected()
    {
        var e = Assert.Throws<NasUserException>(() =>
            Small(("sep_conv_3x3", 0), ("sep_conv_3x3", 3), ("skip_connect", 0), ("sep_conv_3x3", 1)).Validate());
        Assert.Contains("intermediate node 0, state 2): reads the later node at state 3", e.Message);
    }

    [Fact]
    public void An_odd_number_of_edges_is_rejected()
    {
        var g = PublishedGenotypes.DARTS_V2 with { Reduce = PublishedGenotypes.DARTS_V2.Reduce.Take(7).ToArray() };
        var e = Assert.Throws<NasUserException>(() => g.Validate());
        Assert.Contains("reduction cell has 7 edges", e.Message);
    }

    [Fact]
    public void Concat_must_list_distinct_intermediate_nodes()
    {
        var v2 = PublishedGenotypes.DARTS_V2;
        Assert.Contains("normal_concat lists 6", Assert.Throws<NasUserException>(() => (v2 with { NormalConcat = [2, 6] }).Validate()).Message);
        Assert.Contains("reduce_concat lists 1", Assert.Throws<NasUserException>(() => (v2 with { ReduceConcat = [1, 2] }).Validate()).Message);
        Assert.Contains("lists a node twice", Assert.Throws<NasUserException>(() => (v2 with { NormalConcat = [2, 2] }).Validate()).Message);
        Assert.Contains("empty", Assert.Throws<NasUserException>(() => (v2 with { ReduceConcat = [] }).Validate()).Message);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1]", "expected a JSON object")]
    [InlineData("{\"normal\":[],\"normal_concat\":[]}", "field 'reduce' is missing")]
    [InlineData("{\"normal\":[[\"sep_conv_3x3\"]],\"normal_concat\":[2],\"reduce\":[],\"reduce_concat\":[]}", "normal[0] must be [\"op\", input index]")]
    [InlineData("{\"normal\":[[\"sep_conv_3x3\",\"0\"]],\"normal_concat\":[2],\"reduce\":[],\"reduce_concat\":[]}", "normal[0] must be")]
    [InlineData("{\"normal\":[[\"sep_conv_3x3\",0],[\"bogus\",1]],\"normal_concat\":[2],\"reduce\":[[\"none\",0],[\"none\",1]],\"reduce_concat\":[2]}", "unknown op 'bogus'")]
    public void Malformed_json_is_a_user_error(string json, string message)
    {
        var e = Assert.Throws<NasUserException>(() => Genotype.FromJson(json));
        Assert.Contains(message, e.Message);
    }
}
