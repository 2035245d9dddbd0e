using Nas.Spaces.Macro;
using Nas.Strategies;

namespace Nas.Tests.Core;

public class MacroSpaceTests
{
    [Fact]
    public void Has_the_papers_decisions_per_layer()
    {
        var space = MacroSpace.Create(new MacroSpaceOptions(Layers: 6));
        // 3 per layer, plus an input set for layers 2..6
        Assert.Equal(6 * 3 + 5, space.Decisions.Length);
        Assert.Equal(new[] { 1, 3, 5, 7 }, space.Find("L1.filter_height")!.Options.Select(o => o.AsInt));
        Assert.Equal(new[] { 24, 36, 48, 64 }, space.Find("L6.filters")!.Options.Select(o => o.AsInt));
        Assert.True(space.Find("L4.inputs")!.IsSubset);
        Assert.Equal(new[] { 1, 2, 3 }, space.Find("L4.inputs")!.Options.Select(o => o.AsInt));
        Assert.Null(space.Find("L1.inputs"));
        Assert.Equal(new[] { 1, 3 }, new MacroSpaceOptions(6).PoolAfterOrDefault);
    }

    [Fact]
    public void Decode_gives_layers_and_sinks()
    {
        var space = MacroSpace.Create(new MacroSpaceOptions(Layers: 4, SearchStrides: true));
        var a = ArchitectureSampler.Sample(space, new Random(9));
        var g = MacroSpace.Decode(a);
        Assert.Equal(4, g.Layers.Count);
        foreach (var l in g.Layers)
        {
            Assert.Equal(a.Option($"L{l.Index}.filters").AsInt, l.Filters);
            Assert.Equal(a.Option($"L{l.Index}.stride").AsInt, l.Stride);
            Assert.All(l.Inputs, j => Assert.InRange(j, 1, l.Index - 1));
        }
        Assert.Contains(4, g.Sinks); // the last layer is never consumed
        var consumed = g.Layers.SelectMany(l => l.Inputs).ToHashSet();
        Assert.Equal(g.Layers.Select(l => l.Index).Where(i => !consumed.Contains(i)), g.Sinks);
    }

    [Fact]
    public void Bad_settings_are_user_errors()
    {
        Assert.Equal("space.layers", Assert.Throws<Nas.Search.SettingException>(() => MacroSpace.Create(new MacroSpaceOptions(Layers: 0))).Path);
        Assert.Equal("space.pool_after", Assert.Throws<Nas.Search.SettingException>(() => MacroSpace.Create(new MacroSpaceOptions(Layers: 4, PoolAfter: new[] { 4 }))).Path);
        Assert.Equal("space.filter_sizes", Assert.Throws<Nas.Search.SettingException>(() => MacroSpace.Create(new MacroSpaceOptions(Layers: 4, FilterSizes: new[] { 2 }))).Path);
    }
}
