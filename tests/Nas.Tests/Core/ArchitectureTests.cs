using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Macro;
using Nas.Strategies;

namespace Nas.Tests.Core;

public class ArchitectureTests
{
    private static readonly SearchSpace Macro = MacroSpace.Create(new MacroSpaceOptions(Layers: 5));

    [Fact]
    public void Json_round_trip_is_exact_for_many_random_architectures()
    {
        var random = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            var a = ArchitectureSampler.Sample(Macro, random);
            string json = a.ToJson();
            var back = Architecture.FromJson(json);
            Assert.Equal(a, back);
            Assert.Equal(json, back.ToJson());
            Assert.Equal(a.Space.Settings.GetRawText(), back.Space.Settings.GetRawText());
        }
    }

    [Theory]
    [InlineData("\"nas-architecture/2\"", "format 'nas-architecture/2' is not known (this nas reads nas-architecture/1)")]
    [InlineData("\"\"", "format '' is not known")]
    [InlineData("2", "field 'format' must be a string")]
    public void An_unknown_format_version_is_refused_naming_it(string format, string expected)
    {
        var json = ArchitectureSampler.Sample(Macro, new Random(1)).ToJson().Replace("\"nas-architecture/1\"", format);
        var e = Assert.Throws<NasUserException>(() => Architecture.FromJson(json));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_hand_written_file_without_a_format_is_read_as_the_current_one()
    {
        var a = ArchitectureSampler.Sample(Macro, new Random(1));
        var node = System.Text.Json.Nodes.JsonNode.Parse(a.ToJson())!.AsObject();
        Assert.True(node.Remove("format"));
        Assert.Equal(a, Architecture.FromJson(node.ToJsonString()));
    }

    [Fact]
    public void Json_writes_options_not_indices()
    {
        var a = ArchitectureSampler.Sample(Macro, new Random(1));
        using var doc = JsonDocument.Parse(a.ToJson());
        var values = doc.RootElement.GetProperty("values");
        Assert.Equal(a.Option("L2.filters").AsInt, values.GetProperty("L2.filters").GetInt32());
        Assert.Equal(a.Options("L4.inputs").Select(o => o.AsInt), values.GetProperty("L4.inputs").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("macro", doc.RootElement.GetProperty("space").GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("\"L2.filters\": 37", "L2.filters", "not one of its options")]
    [InlineData("\"L3.inputs\": [1, 3]", "L3.inputs", "not one of its options")]
    [InlineData("\"L3.inputs\": 1", "L3.inputs", "takes a list")]
    [InlineData("\"L9.filters\": 24", "L9.filters", "not a decision")]
    public void Invalid_values_name_the_decision(string replacement, string decision, string words)
    {
        var a = ArchitectureSampler.Sample(Macro, new Random(2));
        var doc = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(a.ToJson())!;
        var values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(doc["values"].GetRawText())!;
        var patch = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("{" + replacement + "}")!;
        foreach (var (k, v) in patch) values[k] = v;
        string json = $"{{\"space\": {doc["space"].GetRawText()}, \"values\": {JsonSerializer.Serialize(values)}}}";
        var e = Assert.Throws<ArchitectureException>(() => Architecture.FromJson(json));
        Assert.Equal(decision, e.Decision);
        Assert.Contains(decision, e.Message);
        Assert.Contains(words, e.Message);
    }

    [Fact]
    public void A_missing_value_is_named()
    {
        var a = ArchitectureSampler.Sample(Macro, new Random(2));
        var values = a.Values.Where(kv => kv.Key != "L3.filter_width").ToDictionary(kv => kv.Key, kv => kv.Value);
        var e = Assert.Throws<ArchitectureException>(() => Architecture.Create(Macro, values));
        Assert.Equal("L3.filter_width", e.Decision);
        Assert.Contains("has no value", e.Message);
    }

    [Fact]
    public void Malformed_documents_give_user_errors()
    {
        Assert.Throws<NasUserException>(() => Architecture.FromJson("{not json"));
        Assert.Contains("space", Assert.Throws<NasUserException>(() => Architecture.FromJson("{\"values\": {}}")).Message);
        Assert.Contains("'nope' is not a known search space", Assert.ThrowsAny<NasUserException>(() => Architecture.FromJson("{\"space\": {\"name\": \"nope\"}, \"values\": {}}")).Message);
    }

    [Fact]
    public void Dependent_decisions_are_checked_against_earlier_values()
    {
        // The second input must differ from the first, as in the DARTS cell.
        var first = new CategoricalDecision("first", new OptionValue[] { 0, 1, 2 });
        var second = new CategoricalDecision("second", new OptionValue[] { 0, 1, 2 },
            allowed: earlier => Enumerable.Range(0, 3).Where(i => i != earlier["first"].Index).ToArray());
        var extra = new CategoricalDecision("extra", new OptionValue[] { "a", "b" }, active: earlier => earlier["first"].Index == 2);
        var space = new SearchSpace("toy", new Decision[] { first, second, extra });

        var ok = Architecture.Create(space, new Dictionary<string, Choice> { ["first"] = Choice.Single(0), ["second"] = Choice.Single(1) });
        Assert.False(ok.Has("extra"));
        var e = Assert.Throws<ArchitectureException>(() => Architecture.Create(space, new Dictionary<string, Choice> { ["first"] = Choice.Single(1), ["second"] = Choice.Single(1) }));
        Assert.Equal("second", e.Decision);
        Assert.Contains("not allowed", e.Message);
        var inactive = Assert.Throws<ArchitectureException>(() => Architecture.Create(space, new Dictionary<string, Choice>
            { ["first"] = Choice.Single(0), ["second"] = Choice.Single(1), ["extra"] = Choice.Single(0) }));
        Assert.Equal("extra", inactive.Decision);

        var random = new Random(5);
        for (int i = 0; i < 100; i++)
        {
            var a = ArchitectureSampler.Sample(space, random);
            Assert.NotEqual(a["first"].Index, a["second"].Index);
            Assert.Equal(a["first"].Index == 2, a.Has("extra"));
        }
    }
}
