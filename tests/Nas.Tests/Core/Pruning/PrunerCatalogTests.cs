using Nas.Search;
using Nas.Execution.Pruning;
using Nas.Strategies;

namespace Nas.Tests.Core.Pruning;

public class PrunerCatalogTests
{
    [Fact]
    public void Names_are_none_median_asha()
    {
        Assert.Equal(["none", "median", "asha"], PrunerCatalog.Names);
    }

    [Theory]
    [InlineData("none", typeof(NoPruner))]
    [InlineData("median", typeof(MedianStoppingRule))]
    [InlineData("MEDIAN", typeof(MedianStoppingRule))]
    [InlineData("Asha", typeof(SuccessiveHalvingPruner))]
    public void Creates_by_name_ignoring_case(string name, Type type)
    {
        var pruner = PrunerCatalog.Create(name, PrunerSettings.Default);
        Assert.IsType(type, pruner);
        Assert.Equal(name.ToLowerInvariant(), pruner.Name);
    }

    [Fact]
    public void Unknown_name_is_a_user_error_listing_the_names()
    {
        var e = Assert.Throws<SettingException>(() => PrunerCatalog.Create("x", PrunerSettings.Default));
        Assert.Equal("pruner.name", e.Path);
        Assert.Equal("must be one of none, median, asha, got 'x'", e.Problem);
    }

    [Fact]
    public void Null_settings_take_the_defaults()
    {
        var median = Assert.IsType<MedianStoppingRule>(PrunerCatalog.Create("median", PrunerSettings.Default));
        Assert.Equal((5, 1), (median.StartupTrials, median.WarmupEpochs));
        var asha = Assert.IsType<SuccessiveHalvingPruner>(PrunerCatalog.Create("asha", PrunerSettings.Default));
        Assert.Equal((1, 3, 0), (asha.MinEpochs, asha.ReductionFactor, asha.MinEarlyStoppingRate));
    }

    [Fact]
    public void Given_settings_reach_the_pruner()
    {
        var settings = new PrunerSettings(StartupTrials: 2, WarmupEpochs: 0, MinEpochs: 2, ReductionFactor: 2, MinEarlyStoppingRate: 1);
        var median = Assert.IsType<MedianStoppingRule>(PrunerCatalog.Create("median", settings));
        Assert.Equal((2, 0), (median.StartupTrials, median.WarmupEpochs));
        var asha = Assert.IsType<SuccessiveHalvingPruner>(PrunerCatalog.Create("asha", settings));
        Assert.Equal([4, 8, 16], asha.Rungs(16));
    }

    [Theory]
    [InlineData("median", "pruner.startup", "-3")]
    [InlineData("asha", "pruner.eta", "1")]
    public void Bad_settings_are_setting_errors_naming_the_setting(string name, string path, string value)
    {
        var settings = new PrunerSettings(StartupTrials: -3, ReductionFactor: 1);
        var e = Assert.Throws<SettingException>(() => PrunerCatalog.Create(name, settings));
        Assert.Equal(path, e.Path);
        Assert.EndsWith($"got {value}", e.Problem);
    }

    [Fact]
    public void The_settings_group_builds_the_named_rule_and_refuses_another_rules_setting()
    {
        var asha = Assert.IsType<SuccessiveHalvingPruner>(PrunerCatalog.Create(PrunerCatalog.Settings.Read(new System.Text.Json.Nodes.JsonObject { ["name"] = "asha", ["eta"] = "2" })));
        Assert.Equal(2, asha.ReductionFactor);
        var e = Assert.Throws<SettingException>(() => PrunerCatalog.Create(PrunerCatalog.Settings.Read(new System.Text.Json.Nodes.JsonObject { ["name"] = "median", ["eta"] = "2" })));
        Assert.Equal("pruner.eta", e.Path);
    }

    [Fact]
    public void None_never_prunes()
    {
        var none = PrunerCatalog.Create("none", PrunerSettings.Default);
        var better = Enumerable.Range(1, 10).Select(i => new IntermediateValue(i, TrialStatus.Completed, 1.0)).ToList();
        Assert.All(Enumerable.Range(1, 30), epoch =>
        {
            Assert.False(none.ShouldPrune(epoch, 0.0, better));
            Assert.False(none.ShouldPrune(epoch, double.NaN, better));
        });
    }
}
