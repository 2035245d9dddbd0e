using System.Text.Json;
using Nas.Spaces;
using Nas.Spaces.Macro;
using Nas.Strategies;

namespace Nas.Tests.Enas;

public class EnasMacroSpaceTests
{
    [Fact]
    public void Has_an_op_per_layer_and_skips_over_earlier_layers()
    {
        var space = EnasMacroSpace.Create();
        Assert.Equal(12 + 11, space.Decisions.Length);
        Assert.Equal(EnasMacroOps.All.Length, space.Find("L1.op")!.Options.Length);
        Assert.Equal(4, space.Find("L5.skips")!.Options.Length);
        Assert.True(space.Find("L5.skips")!.IsSubset);
        Assert.Equal(new[] { 4, 8 }, EnasMacroSpaceOptions.FromJson(space.Settings).PoolAfterOrDefault);
    }

    [Fact]
    public void Rebuilds_from_the_catalog_and_decodes()
    {
        var space = EnasMacroSpace.Create(new EnasMacroSpaceOptions(5, new[] { 2 }));
        var again = SpaceCatalog.Default.Create(EnasMacroSpace.Name, space.Settings);
        var a = ArchitectureSampler.Sample(space, new Random(1));
        var g = EnasMacroSpace.Decode(Architectures.Architecture.FromJson(a.ToJson()));
        Assert.Equal(5, g.Layers.Count);
        Assert.Equal(new[] { 2 }, g.PoolAfter);
        Assert.All(g.Layers, l => Assert.All(l.Skips, s => Assert.InRange(s, 1, l.Index - 1)));
        Assert.Equal(space.Settings.GetRawText(), again.Settings.GetRawText());
    }

    [Fact]
    public void Bad_settings_are_named()
    {
        var e = Assert.Throws<Nas.Search.SettingException>(() => EnasMacroSpace.Create(new EnasMacroSpaceOptions(4, new[] { 4 })));
        Assert.Equal("space.pool_after", e.Path);
        Assert.Throws<NasUserException>(() => EnasMacroSpaceOptions.FromJson(JsonDocument.Parse("{\"layers\":\"x\"}").RootElement));
    }
}
