using System.Text.Json.Nodes;
using Nas.Search;

namespace Nas.Tests.Search;

public class SettingTests
{
    private static JsonNode Parse(Setting s, object value) => s.Parse(value is string t ? JsonValue.Create(t) : JsonSerializer(value), "g.k");

    private static JsonNode JsonSerializer(object value) => System.Text.Json.JsonSerializer.SerializeToNode(value)!;

    [Fact]
    public void Whole_numbers_come_from_text_or_json_and_keep_their_range()
    {
        var s = Setting.Integer("k", 2, "d", minimum: 1, maximum: 10);
        Assert.Equal(3, Parse(s, "3").GetValue<int>());
        Assert.Equal(4, Parse(s, 4).GetValue<int>());
        Assert.Equal("g.k", Assert.Throws<SettingException>(() => Parse(s, "1.5")).Path);
        Assert.Contains("whole number, got '1.5'", Assert.Throws<SettingException>(() => Parse(s, "1.5")).Problem);
        Assert.Contains("in [1, 10], got 0", Assert.Throws<SettingException>(() => Parse(s, "0")).Problem);
        Assert.Contains("too large", Assert.Throws<SettingException>(() => Setting.Integer("k", null, "d").Parse(JsonValue.Create("99999999999"), "k")).Problem);
        Assert.Contains("whole number", Assert.Throws<SettingException>(() => Parse(s, 2.5)).Problem);
    }

    [Fact]
    public void Numbers_made_in_code_parse_as_numbers_whatever_their_clr_type()
    {
        // JsonValue.Create(5) holds an int, which a TryGetValue<double> refuses: a request built in code must still work.
        Assert.Equal(5, Setting.Integer("k", null, "d").Parse(JsonValue.Create(5), "g.k").GetValue<int>());
        Assert.Equal(7, Setting.Integer("k", null, "d").Parse(JsonValue.Create(7L), "g.k").GetValue<int>());
        Assert.Equal(3.0, Setting.Real("k", null, "d").Parse(JsonValue.Create(3), "g.k").GetValue<double>());
        Assert.Equal(0.5, Setting.Real("k", null, "d").Parse(JsonValue.Create(0.5f), "g.k").GetValue<double>());
        Assert.Contains("whole number", Assert.Throws<SettingException>(() => Setting.Integer("k", null, "d").Parse(JsonValue.Create(true), "g.k")).Problem);
    }

    [Theory]
    [InlineData("inf")]
    [InlineData("Infinity")]
    [InlineData("NaN")]
    [InlineData("1e999")]
    public void Reals_must_be_finite(string text)
    {
        var e = Assert.Throws<SettingException>(() => Parse(Setting.Real("k", 1, "d", positive: true), text));
        Assert.Equal("g.k", e.Path);
    }

    [Fact]
    public void Reals_keep_open_and_closed_bounds()
    {
        var momentum = Setting.Real("k", 0.9, "d", minimum: 0, maximum: 1, belowMaximum: true);
        Assert.Equal(0.0, Parse(momentum, "0").GetValue<double>());
        Assert.Contains("in [0, 1), got 1", Assert.Throws<SettingException>(() => Parse(momentum, "1")).Problem);
        var lr = Setting.Real("k", 0.1, "d", positive: true);
        Assert.Contains("positive, got 0", Assert.Throws<SettingException>(() => Parse(lr, "0")).Problem);
        Assert.Equal(2e-3, Parse(lr, "2e-3").GetValue<double>());
    }

    [Fact]
    public void Booleans_durations_lists_and_choices()
    {
        Assert.True(Parse(Setting.Boolean("k", false, "d"), "yes").GetValue<bool>());
        Assert.False(Parse(Setting.Boolean("k", true, "d"), false).GetValue<bool>());
        Assert.Contains("true or false, got 'maybe'", Assert.Throws<SettingException>(() => Parse(Setting.Boolean("k", false, "d"), "maybe")).Problem);
        Assert.Equal("90m", Parse(Setting.Duration("k", null, "d"), "1h30m").GetValue<string>());
        Assert.Throws<SettingException>(() => Parse(Setting.Duration("k", null, "d"), "soon"));
        Assert.Throws<SettingException>(() => Parse(Setting.Duration("k", null, "d"), "0s"));
        Assert.Equal(new[] { 1, 3 }, Parse(Setting.Integers("k", "d", minimum: 1), "1, 3").AsArray().Select(n => n!.GetValue<int>()));
        Assert.Throws<SettingException>(() => Parse(Setting.Integers("k", "d", minimum: 1), "0,2"));
        Assert.Equal("asha", Parse(Setting.Text("k", "none", "d", ["none", "asha"]), "ASHA").GetValue<string>());
        Assert.Contains("one of none, asha, got 'hyperband'", Assert.Throws<SettingException>(() => Parse(Setting.Text("k", "none", "d", ["none", "asha"]), "hyperband")).Problem);
    }

    [Fact]
    public void A_group_fills_defaults_keeps_what_was_given_and_refuses_unknown_keys()
    {
        var group = new SettingGroup("training", "Training", [Setting.Integer("epochs", 2, "d", minimum: 1), Setting.Integer("subset", null, "d"), Setting.Real("lr", 0.1, "d", positive: true)]);
        var values = group.Read(new JsonObject { ["lr"] = "0.5" });
        Assert.Equal(2, values.Integer("epochs"));
        Assert.Null(values.OptionalInteger("subset"));
        Assert.Equal(0.5, values.Real("lr"));
        Assert.True(values.Given("lr"));
        Assert.False(values.Given("epochs"));
        Assert.Equal("{\"epochs\":2,\"lr\":0.5}", values.Values.ToJsonString());
        var e = Assert.Throws<UnknownSettingException>(() => group.Read(new JsonObject { ["lerning_rate"] = 1 }));
        Assert.Equal("training.lerning_rate", e.Path);
        Assert.Contains("epochs, subset, lr", e.Problem);
        Assert.Equal("training.epochs", Assert.Throws<SettingException>(() => group.Read(new JsonObject { ["epochs"] = "0" })).Path);
    }

    [Fact]
    public void A_request_sets_paths_round_trips_as_json_and_compares()
    {
        var request = new SearchRequest { Method = "random", Space = "macro", Seed = 4 }.With("training.epochs", 3).With("space.layers", "3").With("data.dataset", "mnist");
        Assert.Equal(3, request.Group("training")!["epochs"]!.GetValue<int>());
        Assert.Equal("3", request.SpaceSettings["layers"]!.GetValue<string>());
        var again = SearchRequest.FromJson(JsonNode.Parse(request.ToJson()));
        Assert.True(again.SameAs(request));
        Assert.False(again.With("training.epochs", 4).SameAs(request));
        Assert.Throws<ArgumentException>(() => request.With("epochs", 3));
        Assert.Throws<NasUserException>(() => SearchRequest.FromJson(JsonNode.Parse("{\"space\":\"macro\"}")));
    }
}
