using System.Text.Json;
using Nas.Execution.Pruning;
using Nas.Strategies;

namespace Nas.Tests.Core.Pruning;

public class MedianStoppingRuleTests
{
    private static IntermediateValue Completed(long id, double value) => new(id, TrialStatus.Completed, value);

    private static IReadOnlyList<IntermediateValue> CompletedValues(params double[] values) =>
        values.Select((v, i) => Completed(i + 100, v)).ToList();

    [Fact]
    public void Ten_scripted_curves_prune_exactly_the_trials_worked_out_by_hand()
    {
        // Startup 3, warmup 1, four epochs, one worker (each trial runs to its end before the next starts).
        double[][] curves =
        [
            [0.50, 0.60, 0.70, 0.75],  // T1
            [0.40, 0.55, 0.65, 0.72],  // T2
            [0.45, 0.58, 0.68, 0.74],  // T3
            [0.30, 0.40, 0.50, 0.55],  // T4
            [0.55, 0.65, 0.72, 0.78],  // T5
            [0.52, 0.595, 0.66, 0.80], // T6
            [0.60, 0.70, 0.60, 0.65],  // T7
            [0.35, 0.585, 0.66, 0.70], // T8
            [0.20, 0.30, 0.40, 0.45],  // T9
            [0.58, 0.61, 0.71, 0.71],  // T10
        ];
        // By hand (medians over COMPLETED trials only):
        // T1-T3: fewer than 3 completed trials before them -> never pruned, even T2 (0.55 < T1's 0.60 at e2).
        // T4: completed T1-T3. e1 is warm-up (0.30 would be below the median 0.45). e2: median(0.60, 0.55, 0.58)
        //     = 0.58 > 0.40 -> pruned at 2.
        // T5: completed T1-T3 (T4 was pruned). e2 0.65 >= 0.58; e3 0.72 >= median(0.70, 0.65, 0.68) = 0.68;
        //     e4 0.78 >= median(0.75, 0.72, 0.74) = 0.74 -> completes.
        // From T6 on the completed trials are T1, T2, T3, T5 (all later ones get pruned):
        //     e2: 0.55, 0.58, 0.60, 0.65 -> median 0.59 (mean of the middle two)
        //     e3: 0.65, 0.68, 0.70, 0.72 -> median 0.69
        //     e4: 0.72, 0.74, 0.75, 0.78 -> median 0.745
        // T6: e2 0.595 >= 0.59 (the upper middle 0.60 would prune it); e3 0.66 < 0.69 -> pruned at 3.
        // T7: e2 0.70 >= 0.59; e3 0.60 < 0.69, but its best so far, 0.70, is what counts (Optuna) -> kept;
        //     e4 best 0.70 < 0.745 -> pruned at 4.
        // T8: e2 0.585 < 0.59 (the lower middle 0.58 would keep it) -> pruned at 2.
        // T9: e1 0.20 is the worst but warm-up; e2 0.30 < 0.59 -> pruned at 2.
        // T10: e2 0.61 >= 0.59; e3 0.71 >= 0.69; e4 0.71 < 0.745 -> pruned at 4.
        int?[] expected = [null, null, null, 2, null, 3, 4, 2, 2, 4];

        var prunedAt = CurveReplay.Sequential(new MedianStoppingRule(startupTrials: 3, warmupEpochs: 1), curves);

        Assert.Equal(expected, prunedAt);
    }

    [Fact]
    public void The_median_rule_judges_the_best_value_so_far_and_the_others_the_current_one()
    {
        var median = new MedianStoppingRule();
        Assert.Equal(0.7, median.Judged([0.5, 0.7, 0.6]));
        Assert.Equal(0.7, median.Judged([double.NaN, 0.7, double.NaN]));
        Assert.True(double.IsNaN(median.Judged([double.NaN, double.NaN])));
        Assert.Equal(0.6, ((IPruner)new SuccessiveHalvingPruner()).Judged([0.5, 0.7, 0.6]));
        Assert.Equal(0.6, ((IPruner)new NoPruner()).Judged([0.5, 0.7, 0.6]));
    }

    [Fact]
    public void Only_completed_trials_make_the_median()
    {
        var rule = new MedianStoppingRule(startupTrials: 2, warmupEpochs: 0);
        // Completed: 0.6, 0.8 -> median 0.7. The low running, pruned and failed values would pull it to 0.2.
        var others = new List<IntermediateValue>
        {
            Completed(1, 0.6),
            Completed(2, 0.8),
            new(3, TrialStatus.Running, 0.1),
            new(4, TrialStatus.Pruned, 0.1),
            new(5, TrialStatus.Failed, 0.1),
            new(6, TrialStatus.Running, 0.2),
        };
        Assert.True(rule.ShouldPrune(3, 0.65, others));
        Assert.False(rule.ShouldPrune(3, 0.75, others));
    }

    [Fact]
    public void Startup_needs_that_many_completed_values_at_the_epoch()
    {
        var rule = new MedianStoppingRule(startupTrials: 3, warmupEpochs: 0);
        Assert.False(rule.ShouldPrune(2, 0.1, CompletedValues(0.5, 0.6)));
        // Running trials do not count towards the startup.
        var twoCompletedAndRunning = CompletedValues(0.5, 0.6).Append(new IntermediateValue(9, TrialStatus.Running, 0.7)).ToList();
        Assert.False(rule.ShouldPrune(2, 0.1, twoCompletedAndRunning));
        Assert.True(rule.ShouldPrune(2, 0.1, CompletedValues(0.5, 0.6, 0.7)));
    }

    [Fact]
    public void Zero_startup_still_needs_one_completed_value()
    {
        var rule = new MedianStoppingRule(startupTrials: 0, warmupEpochs: 0);
        Assert.False(rule.ShouldPrune(1, 0.0, []));
        Assert.True(rule.ShouldPrune(1, 0.0, CompletedValues(0.5)));
    }

    [Fact]
    public void No_pruning_up_to_and_including_the_warmup_epoch()
    {
        var rule = new MedianStoppingRule(startupTrials: 1, warmupEpochs: 2);
        var others = CompletedValues(0.9, 0.9, 0.9);
        Assert.False(rule.ShouldPrune(1, 0.1, others));
        Assert.False(rule.ShouldPrune(2, 0.1, others));
        Assert.True(rule.ShouldPrune(3, 0.1, others));

        var noWarmup = new MedianStoppingRule(startupTrials: 1, warmupEpochs: 0);
        Assert.True(noWarmup.ShouldPrune(1, 0.1, others));
    }

    [Fact]
    public void Prunes_strictly_below_the_median()
    {
        var rule = new MedianStoppingRule(startupTrials: 1, warmupEpochs: 0);
        var odd = CompletedValues(0.25, 0.75, 0.5);
        Assert.False(rule.ShouldPrune(2, 0.5, odd));
        Assert.True(rule.ShouldPrune(2, 0.4999, odd));
        // Even count: the mean of the two middle values, 0.5; neither 0.4 nor 0.6 alone.
        var even = CompletedValues(0.8, 0.2, 0.6, 0.4);
        Assert.True(rule.ShouldPrune(2, 0.45, even));
        Assert.False(rule.ShouldPrune(2, 0.55, even));
    }

    [Fact]
    public void NaN_value_prunes_after_warmup_and_NaN_references_are_skipped()
    {
        var rule = new MedianStoppingRule(startupTrials: 2, warmupEpochs: 1);
        var others = CompletedValues(0.5, 0.6);
        Assert.True(rule.ShouldPrune(2, double.NaN, others));
        Assert.False(rule.ShouldPrune(1, double.NaN, others));
        // A completed trial whose value is NaN is no reference: one number is left, below the startup of 2.
        Assert.False(rule.ShouldPrune(2, 0.1, CompletedValues(0.5, double.NaN)));
    }

    [Theory]
    [InlineData(-1, 1, "startupTrials")]
    [InlineData(5, -1, "warmupEpochs")]
    public void Negative_options_name_the_parameter(int startup, int warmup, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MedianStoppingRule(startup, warmup));
        Assert.Equal(parameter, e.ParamName);
        Assert.Equal(-1, e.ActualValue);
    }

    [Fact]
    public void Describes_its_settings_for_the_configuration()
    {
        var json = JsonSerializer.Serialize(new MedianStoppingRule(4, 2).Describe());
        Assert.Equal("""{"startup_trials":4,"warmup_epochs":2}""", json);
    }
}
