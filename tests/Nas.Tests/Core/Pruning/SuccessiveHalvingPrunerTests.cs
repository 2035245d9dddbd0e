using System.Text.Json;
using Nas.Execution.Pruning;
using Nas.Strategies;

namespace Nas.Tests.Core.Pruning;

public class SuccessiveHalvingPrunerTests
{
    private static IReadOnlyList<IntermediateValue> Others(params double[] values) =>
        values.Select((v, i) => new IntermediateValue(i + 100, TrialStatus.Completed, v)).ToList();

    [Fact]
    public void Rungs_for_r1_eta3_are_1_3_9()
    {
        var asha = new SuccessiveHalvingPruner(minEpochs: 1, reductionFactor: 3, minEarlyStoppingRate: 0);
        Assert.Equal([1, 3, 9], asha.Rungs(20));
        Assert.Equal([1, 3, 9, 27], asha.Rungs(27));
        Assert.Equal([1], asha.Rungs(2));
    }

    [Fact]
    public void Rungs_for_r2_eta2_s1_are_4_8_16()
    {
        var asha = new SuccessiveHalvingPruner(minEpochs: 2, reductionFactor: 2, minEarlyStoppingRate: 1);
        Assert.Equal([4, 8, 16], asha.Rungs(20));
        Assert.Empty(asha.Rungs(3));
    }

    [Fact]
    public void Rungs_do_not_overflow()
    {
        Assert.Equal(31, new SuccessiveHalvingPruner(1, 2, 0).Rungs(int.MaxValue).Count); // 2^0 .. 2^30
        Assert.Empty(new SuccessiveHalvingPruner(1, 2, 40).Rungs(int.MaxValue));
        Assert.False(new SuccessiveHalvingPruner(1, 2, 40).ShouldPrune(int.MaxValue, 0.0, Others(1.0)));
    }

    [Fact]
    public void Prunes_only_at_rung_epochs()
    {
        var asha = new SuccessiveHalvingPruner(minEpochs: 2, reductionFactor: 2, minEarlyStoppingRate: 1);
        var better = Others(0.9, 0.9, 0.9);
        var pruned = Enumerable.Range(1, 20).Where(epoch => asha.ShouldPrune(epoch, 0.1, better)).ToArray();
        Assert.Equal([4, 8, 16], pruned);
    }

    [Fact]
    public void One_competitor_is_always_promoted()
    {
        // Only its own value: promotable index 1/3 - 1 = -1, raised to 0.
        var asha = new SuccessiveHalvingPruner();
        Assert.False(asha.ShouldPrune(1, 0.0, []));
    }

    [Theory]
    // Two competitors: index 2/3 - 1 -> 0: it must be at least the best other.
    [InlineData(0.7, true, 0.8)]
    [InlineData(0.8, false, 0.8)]
    [InlineData(0.9, false, 0.8)]
    // Three: index 3/3 - 1 = 0: still the best.
    [InlineData(0.7, true, 0.5, 0.9)]
    [InlineData(0.95, false, 0.5, 0.9)]
    // Six: index 6/3 - 1 = 1: the top two of six.
    [InlineData(0.85, false, 0.9, 0.8, 0.7, 0.6, 0.5)]
    [InlineData(0.8, false, 0.9, 0.8, 0.7, 0.6, 0.5)]
    [InlineData(0.75, true, 0.9, 0.8, 0.7, 0.6, 0.5)]
    [InlineData(0.95, false, 0.9, 0.8, 0.7, 0.6, 0.5)]
    public void Promotes_the_top_third_of_the_rung_its_own_value_included(double value, bool prune, params double[] others)
    {
        var asha = new SuccessiveHalvingPruner(minEpochs: 1, reductionFactor: 3);
        Assert.Equal(prune, asha.ShouldPrune(3, value, Others(others)));
    }

    [Fact]
    public void With_eta_2_six_competitors_promote_the_top_three()
    {
        // Index 6/2 - 1 = 2.
        var asha = new SuccessiveHalvingPruner(minEpochs: 1, reductionFactor: 2);
        var others = Others(0.9, 0.8, 0.7, 0.6, 0.5);
        Assert.False(asha.ShouldPrune(2, 0.75, others));
        Assert.True(asha.ShouldPrune(2, 0.65, others));
    }

    [Fact]
    public void Every_status_competes_at_a_rung()
    {
        // The pruned and running values are what keep 0.5 out of the top third: without them it would be the best.
        var asha = new SuccessiveHalvingPruner();
        var others = new List<IntermediateValue>
        {
            new(1, TrialStatus.Completed, 0.4),
            new(2, TrialStatus.Pruned, 0.9),
            new(3, TrialStatus.Running, 0.8),
        };
        Assert.True(asha.ShouldPrune(3, 0.5, others));
    }

    [Fact]
    public void NaN_prunes_at_a_rung_only_and_never_competes()
    {
        var asha = new SuccessiveHalvingPruner();
        Assert.True(asha.ShouldPrune(3, double.NaN, []));
        Assert.False(asha.ShouldPrune(2, double.NaN, []));
        Assert.False(asha.ShouldPrune(3, 0.1, Others(double.NaN, double.NaN)));
    }

    [Fact]
    public void Nine_scripted_curves_replayed_with_the_defaults()
    {
        // r = 1, eta = 3: rungs at epochs 1, 3 and 9. Between rungs every value is 0.0, which must never prune.
        double[][] curves =
        [
            Curve(0.51, 0.53, 0.59), // T1
            Curve(0.61, 0.63, 0.69), // T2
            Curve(0.41, 0.90, 0.95), // T3
            Curve(0.71, 0.50, 0.70), // T4
            Curve(0.31, 0.40, 0.45), // T5
            Curve(0.81, 0.60, 0.62), // T6
            Curve(0.56, 0.70, 0.75), // T7
            Curve(0.66, 0.64, 0.70), // T8
            Curve(0.21, 0.30, 0.35), // T9
        ];
        // By hand, one worker. Epoch 1 (every trial reaches it; competitors = earlier trials + itself):
        //   T1 alone -> promoted. T2 {.51,.61}: index 0, .61 is the best -> promoted.
        //   T3 {.51,.61,.41}: index 0, .41 < .61 -> pruned at 1. T4 (4 values): index 0, .71 best -> promoted.
        //   T5 (5): index 0 -> pruned at 1. T6 (6): index 1, sorted .81 .71 ..., .81 >= .71 -> promoted.
        //   T7 (7): index 1, .56 < .71 -> pruned. T8 (8): index 1, .66 < .71 -> pruned.
        //   T9 (9): index 2, sorted .81 .71 .66, .21 -> pruned.
        // Epoch 3 (T1, T2, T4, T6 reach it in that order):
        //   T1 alone -> promoted, and alone at 9 -> completes. T2 {.53,.63} -> best, and {.59,.69} at 9 -> completes.
        //   T4 {.53,.63,.50}: index 0, .50 < .63 -> pruned at 3.
        //   T6 {.53,.63,.50 (pruned T4 still counts),.60}: index 0, .60 < .63 -> pruned at 3.
        int?[] expected = [null, null, 1, 3, 1, 3, 1, 1, 1];

        var prunedAt = CurveReplay.Sequential(PrunerCatalog.Create("asha", PrunerSettings.Default), curves);

        Assert.Equal(expected, prunedAt);
    }

    [Theory]
    [InlineData(0, 3, 0, "minEpochs")]
    [InlineData(1, 1, 0, "reductionFactor")]
    [InlineData(1, 3, -1, "minEarlyStoppingRate")]
    public void Options_out_of_range_name_the_parameter(int r, int eta, int s, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SuccessiveHalvingPruner(r, eta, s));
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void Describes_its_settings_for_the_configuration()
    {
        var json = JsonSerializer.Serialize(new SuccessiveHalvingPruner(2, 4, 1).Describe());
        Assert.Equal("""{"min_epochs":2,"reduction_factor":4,"min_early_stopping_rate":1}""", json);
    }

    // Nine epochs: the given values at the rungs 1, 3 and 9, zero elsewhere.
    private static double[] Curve(double rung1, double rung3, double rung9)
    {
        var curve = new double[9];
        curve[0] = rung1;
        curve[2] = rung3;
        curve[8] = rung9;
        return curve;
    }
}
