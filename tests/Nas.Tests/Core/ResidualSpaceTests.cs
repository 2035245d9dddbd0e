using System.Text.Json;
using Nas.Architectures;
using Nas.Search;
using Nas.Spaces;
using Nas.Spaces.Residual;
using Nas.Strategies;

namespace Nas.Tests.Core;

public class ResidualSpaceTests
{
    [Fact]
    public void Has_a_width_depth_and_kernel_per_stage_and_a_downsampling_step_after_the_first()
    {
        var space = ResidualSpace.Create();
        Assert.Equal(2 + 3 * 3 + 2, space.Decisions.Length);
        Assert.Equal(new[] { 1, 2 }, space.Find("stem.stride")!.Options.Select(o => o.AsInt));
        Assert.Equal(new[] { 0, 16 }, space.Find("stem.pre")!.Options.Select(o => o.AsInt));
        Assert.Equal(new[] { 16, 24, 32 }, space.Find("S1.width")!.Options.Select(o => o.AsInt));
        Assert.Equal(new[] { 64, 96, 128 }, space.Find("S3.width")!.Options.Select(o => o.AsInt));
        Assert.Equal(new[] { 1, 2 }, space.Find("S2.depth")!.Options.Select(o => o.AsInt));
        Assert.Equal(new[] { 3, 5 }, space.Find("S3.kernel")!.Options.Select(o => o.AsInt));
        Assert.Equal(new[] { "conv", "pool" }, space.Find("S2.downsample")!.Options.Select(o => o.AsName));
        Assert.Null(space.Find("S1.downsample"));
        // Every decision names its stage as its layer, so the controller strategies keep one state per stage.
        Assert.All(space.Decisions, d => Assert.Equal(d.Name.StartsWith("stem.", StringComparison.Ordinal) ? 1 : int.Parse(d.Name[1..d.Name.IndexOf('.')]), d.Layer));
        Assert.Equal(2 * 2 * 3 * 2 * 2 * 3 * 2 * 2 * 2 * 3 * 2 * 2 * 2, (int)Math.Round(Math.Pow(10, space.Log10Size)));
    }

    [Fact]
    public void Decode_then_encode_gives_the_same_architecture_for_every_sampled_member()
    {
        var options = new ResidualSpaceOptions(Stages: 4, Widths: [8, 16], Depths: [1, 2, 3], Kernels: [1, 3, 5], StemPre: [0, 8, 16]);
        var space = ResidualSpace.Create(options);
        var random = new Random(5);
        var seen = new HashSet<ResidualGenome>();
        for (int n = 0; n < 60; n++)
        {
            var a = ArchitectureSampler.Sample(space, random);
            var genome = ResidualSpace.Decode(a);
            Assert.Equal(4, genome.Stages.Count);
            Assert.Null(genome.Stages[0].Downsample);
            Assert.All(genome.Stages.Skip(1), s => Assert.NotNull(s.Downsample));
            Assert.Equal(a, ResidualSpace.Encode(genome, options));
            Assert.Equal(genome, ResidualSpace.Decode(Architecture.FromJson(a.ToJson())));
            seen.Add(genome);
        }
        Assert.True(seen.Count > 50); // the sampler reaches distinct members, each decoded apart
    }

    [Fact]
    public void Decode_reads_each_stages_values()
    {
        var genome = new ResidualGenome([new(24, 2, 5, null), new(32, 1, 3, ResidualDownsample.Pool), new(128, 2, 5, ResidualDownsample.Conv)]);
        var a = ResidualSpace.Encode(genome);
        Assert.Equal(24, a.Option("S1.width").AsInt);
        Assert.Equal(5, a.Option("S1.kernel").AsInt);
        Assert.Equal("pool", a.Option("S2.downsample").AsName);
        Assert.Equal("conv", a.Option("S3.downsample").AsName);
        Assert.Equal(2, a.Option("S3.depth").AsInt);
        Assert.Equal(genome, ResidualSpace.Decode(a));
        Assert.Equal("24x2k5 32x1k3/pool 128x2k5", SpaceCatalog.Default.Kind(ResidualSpace.Name).Describe(a));
    }

    [Fact]
    public void Encode_refuses_a_value_the_space_does_not_offer_and_a_stage_count_that_differs()
    {
        var wide = new ResidualGenome([new(48, 1, 3, null), new(64, 1, 3, ResidualDownsample.Conv), new(128, 1, 3, ResidualDownsample.Conv)]);
        Assert.Equal("S1.width", Assert.Throws<ArchitectureException>(() => ResidualSpace.Encode(wide)).Decision);
        Assert.Equal(wide, ResidualSpace.Decode(ResidualSpace.Encode(wide, new ResidualSpaceOptions(Widths: [16, 32, 48]))));
        Assert.Throws<ArgumentException>(() => ResidualSpace.Encode(new ResidualGenome(wide.Stages.Take(2).ToArray())));
        var noStep = new ResidualGenome([new(32, 1, 3, null), new(64, 1, 3, null), new(128, 1, 3, ResidualDownsample.Conv)]);
        Assert.Throws<ArgumentException>(() => ResidualSpace.Encode(noStep));
    }

    [Fact]
    public void The_baseline_is_a_member_of_the_default_space_and_loads_by_name()
    {
        var baseline = ResidualSpace.Baseline;
        Assert.Equal(ResidualSpace.Name, baseline.Space.Name);
        Assert.Equal("/2 32x1k3 64x1k3 128x1k3", ResidualSpace.Decode(baseline).ToString());
        Assert.Equal(baseline, ResidualSpace.Encode(ResidualSpace.Decode(baseline)));
        Assert.Equal(JsonSerializer.Serialize(ResidualSpace.Create().Settings), JsonSerializer.Serialize(baseline.Space.Settings));
        Assert.Equal(baseline, ArchitectureSource.Load(ResidualSpace.BaselineName));
        Assert.Equal(baseline, ArchitectureSource.Load("ResNet-Baseline"));
        Assert.Contains(ResidualSpace.BaselineName, ArchitectureSource.Names);
        Assert.Contains("DARTS_V2", ArchitectureSource.Names);
        var e = Assert.Throws<SettingException>(() => ArchitectureSource.Load("resnet-nothing"));
        Assert.Contains(ResidualSpace.BaselineName, e.Message);
    }

    [Fact]
    public void The_kind_offers_the_baseline_as_its_reference_only_where_it_is_a_member()
    {
        var kind = new ResidualSpaceKind();
        Assert.Equal(ResidualSpace.Baseline, kind.Reference(ResidualSpace.Create()));
        var wider = kind.Reference(ResidualSpace.Create(new ResidualSpaceOptions(Widths: [16, 32, 48])));
        Assert.Equal("/2 32x1k3 64x1k3 128x1k3", ResidualSpace.Decode(wider!).ToString());
        Assert.Null(kind.Reference(ResidualSpace.Create(new ResidualSpaceOptions(Stages: 2))));
        Assert.Null(kind.Reference(ResidualSpace.Create(new ResidualSpaceOptions(Widths: [16, 24]))));
    }

    [Fact]
    public void The_short_budget_network_is_the_baseline_behind_an_8_channel_convolution_with_8_added_to_stem_pre()
    {
        var kind = new ResidualSpaceKind();
        var c8 = kind.ShortBudget(ResidualSpace.Create())!;
        Assert.Equal("c8 /2 32x1k3 64x1k3 128x1k3", ResidualSpace.Decode(c8).ToString());
        Assert.Equal(ResidualSpace.BaselineGenome with { StemPre = 8 }, ResidualSpace.Decode(c8));
        Assert.Equal([0, 8, 16], ResidualSpaceOptions.FromJson(c8.Space.Settings).StemPreOrDefault);
        // Everything else of the searched space's settings is kept; a space that offers 8 already is the space itself.
        var own = ResidualSpace.Create(new ResidualSpaceOptions(Widths: [16, 32, 48], StemPre: [0, 8]));
        var inOwn = kind.ShortBudget(own)!;
        Assert.Equal(own.Settings.GetRawText(), inOwn.Space.Settings.GetRawText());
        Assert.Equal("c8 /2 32x1k3 64x1k3 128x1k3", ResidualSpace.Decode(inOwn).ToString());
        // None where the settings leave the convolution ahead of the stem out, or where the baseline is not a member.
        Assert.Null(kind.ShortBudget(ResidualSpace.Create(new ResidualSpaceOptions(StemPre: [0]))));
        Assert.Null(kind.ShortBudget(ResidualSpace.Create(new ResidualSpaceOptions(Widths: [16, 24]))));
        Assert.Null(kind.ShortBudget(ResidualSpace.Create(new ResidualSpaceOptions(Stages: 2))));
        // Other kinds have none.
        var macro = SpaceCatalog.Default.Kind("macro");
        Assert.Null(macro.ShortBudget(SpaceCatalog.Default.Create("macro", default)));
    }

    [Fact]
    public void Options_round_trip_through_json_and_the_catalog()
    {
        var options = new ResidualSpaceOptions(Stages: 2, Widths: [8, 12], Depths: [1, 3], Kernels: [3]);
        var read = ResidualSpaceOptions.FromJson(options.ToJson());
        Assert.Equal(2, read.Stages);
        Assert.Equal(new[] { 8, 12 }, read.WidthsOrDefault);
        Assert.Equal(new[] { 1, 3 }, read.DepthsOrDefault);
        Assert.Equal(new[] { 3 }, read.KernelsOrDefault);
        var space = SpaceCatalog.Default.Create(ResidualSpace.Name, options.ToJson());
        Assert.Equal(new[] { 16, 24 }, space.Find("S2.width")!.Options.Select(o => o.AsInt));
        Assert.Null(space.Find("S3.width"));
        // Missing settings take the defaults, but a missing stem_pre is the space from before it existed; all are written out in full.
        var defaults = ResidualSpaceOptions.FromJson(JsonDocument.Parse("{}").RootElement);
        Assert.Equal("{\"stages\":3,\"widths\":[16,24,32],\"depths\":[1,2],\"kernels\":[3,5],\"stem_pre\":[0]}", JsonSerializer.Serialize(defaults.ToJson()));
        Assert.Equal("{\"stages\":3,\"widths\":[16,24,32],\"depths\":[1,2],\"kernels\":[3,5],\"stem_pre\":[0,16]}", JsonSerializer.Serialize(new ResidualSpaceOptions().ToJson()));
    }

    [Fact]
    public void An_architecture_file_from_before_stem_pre_reads_as_it_was_written()
    {
        // The baseline's file as written before the stem.pre decision existed.
        const string old = """
            {"format":"nas-architecture/1","space":{"name":"residual","settings":{"stages":3,"widths":[16,24,32],"depths":[1,2],"kernels":[3,5]}},
             "values":{"stem.stride":2,"S1.width":32,"S1.depth":1,"S1.kernel":3,"S2.width":64,"S2.depth":1,"S2.kernel":3,"S2.downsample":"conv",
                       "S3.width":128,"S3.depth":1,"S3.kernel":3,"S3.downsample":"conv"}}
            """;
        var a = Architecture.FromJson(old);
        Assert.Null(a.Space.Find("stem.pre"));
        Assert.Equal(ResidualSpace.BaselineGenome, ResidualSpace.Decode(a));
        // Its genome cannot gain a convolution ahead of the stem in that space: the decision is named.
        var pre = ResidualSpace.BaselineGenome with { StemPre = 16 };
        Assert.Equal("stem.pre", Assert.Throws<ArchitectureException>(() => ResidualSpace.Encode(pre, ResidualSpaceOptions.FromJson(a.Space.Settings))).Decision);
        // A space made from the catalog's settings offers it.
        var space = new ResidualSpaceKind().Create((System.Text.Json.Nodes.JsonObject?)null);
        Assert.Equal(new[] { 0, 16 }, space.Find("stem.pre")!.Options.Select(o => o.AsInt));
        Assert.Equal("c16 /2 32x1k3 64x1k3 128x1k3", ResidualSpace.Decode(ResidualSpace.Encode(pre)).ToString());
    }

    [Theory]
    [InlineData("{\"stages\":0}", "space.stages")]
    [InlineData("{\"stages\":7}", "space.stages")]
    [InlineData("{\"kernels\":[3,4]}", "space.kernels")]
    [InlineData("{\"depths\":[]}", "space.depths")]
    [InlineData("{\"depths\":[0,1]}", "space.depths")]
    [InlineData("{\"widths\":[16,16]}", "space.widths")]
    [InlineData("{\"stem_pre\":[-1,16]}", "space.stem_pre")]
    public void Bad_settings_are_named(string json, string path)
    {
        var e = Assert.Throws<SettingException>(() => ResidualSpaceOptions.FromJson(JsonDocument.Parse(json).RootElement));
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void Malformed_settings_are_a_user_error()
    {
        var e = Assert.Throws<NasUserException>(() => ResidualSpaceOptions.FromJson(JsonDocument.Parse("{\"widths\":\"wide\"}").RootElement));
        Assert.Contains("residual space settings are malformed", e.Message);
    }
}
