using Nas.Torch.Auto;

namespace Nas.Tests.Auto;

public class AutoPlannerTests
{
    private static AutoPlanner.Facts Facts(double budget, double rate = 1000) =>
        new(budget, 10, rate, 0.2, 55_000, 5_000, 60_000, 0.6, 3, null);

    [Fact]
    public void An_hour_is_three_rungs_of_successive_halving_that_fit_the_search_time()
    {
        var plan = AutoPlanner.Make(Facts(3600));
        Assert.Equal(3, plan.Rungs.Count);
        // Each rung trains on eta times the images of the one before, and keeps about a third of its candidates.
        Assert.Equal(110_000, plan.Rungs[2].Images, 1.0);
        Assert.InRange(plan.Rungs[1].Images * 3.0 / plan.Rungs[2].Images, 0.99, 1.01);
        Assert.InRange(plan.Rungs[0].Candidates / (double)plan.Rungs[1].Candidates, 2.5, 3.5);
        // Every first-rung candidate is also timed before it trains.
        double train = plan.Rungs[0].Candidates * AutoPlanner.SpeedCheckImages / 1000.0
            + plan.Rungs.Sum(r => r.Candidates * (r.Images / 1000.0 + AutoPlanner.EvaluationSeconds(5000, 1000)));
        Assert.True(train + plan.Screen * 0.2 <= plan.SearchEnd - 10 + 1e-6, $"{train} s of training does not fit a search ending at {plan.SearchEnd}");
        Assert.True(train > 0.8 * (plan.SearchEnd - 10 - plan.Screen * 0.2), "the rungs leave most of the search time unused");
        // The final share: 60% of the budget at the reference's speed.
        Assert.Equal((int)(0.6 * 3600 / 60.0), plan.FinalEpochs);
    }

    [Fact]
    public void A_short_budget_has_fewer_rungs_and_a_slower_machine_fewer_candidates()
    {
        var hour = AutoPlanner.Make(Facts(3600));
        var slow = AutoPlanner.Make(Facts(3600, rate: 250));
        Assert.True(slow.Rungs[0].Candidates < hour.Rungs[0].Candidates);
        var tiny = AutoPlanner.Make(Facts(120));
        Assert.True(tiny.Rungs.Count < hour.Rungs.Count);
        Assert.All(tiny.Rungs, r => Assert.True(r.Candidates >= 1));
    }

    [Fact]
    public void Random_search_spends_the_same_search_time_on_one_fidelity_and_none_gives_it_all_to_the_final_training()
    {
        var halving = AutoPlanner.Make(Facts(900));
        var random = AutoPlanner.Make(Facts(900) with { Search = AutoPlanner.Random });
        Assert.Single(random.Rungs);
        Assert.Equal(halving.SearchEnd, random.SearchEnd);
        double cost = random.Rungs[0].Candidates * ((random.Rungs[0].Images + AutoPlanner.SpeedCheckImages) / 1000.0 + AutoPlanner.EvaluationSeconds(5000, 1000));
        Assert.InRange(cost, 0.8 * (random.SearchEnd - 10), random.SearchEnd - 10);
        Assert.Equal(halving.FinalEpochs, random.FinalEpochs);

        var none = AutoPlanner.Make(Facts(900) with { Search = AutoPlanner.None });
        Assert.Empty(none.Rungs);
        Assert.Equal(10, none.SearchEnd);
        Assert.Equal((int)((900 - none.Reserve - 10) / 60.0), none.FinalEpochs);
    }

    [Fact]
    public void Too_short_for_two_rungs_it_trains_the_reference_network_for_the_whole_budget()
    {
        var hour = AutoPlanner.Make(Facts(3600) with { HasReference = true });
        Assert.Equal(AutoPlanner.Halving, hour.Search);
        Assert.False(hour.Fallback);
        Assert.Equal(3, hour.Rungs.Count);
        var tenMinutes = AutoPlanner.Make(Facts(600, rate: 600) with { HasReference = true });
        Assert.Equal(AutoPlanner.None, tenMinutes.Search);
        Assert.True(tenMinutes.Fallback);
        Assert.Empty(tenMinutes.Rungs);
        Assert.Contains("too short for a search that pays", tenMinutes.Summary);
        // Without a reference there is nothing to fall back on: it searches what it can.
        Assert.Equal(AutoPlanner.Halving, AutoPlanner.Make(Facts(600, rate: 600)).Search);
    }

    [Fact]
    public void The_proxy_search_screens_times_and_gives_the_rest_to_the_final_training_unless_the_reference_cannot_afford_its_epochs()
    {
        // An hour at 1,000 images/s: 3600 x 0.02 / 0.2 = 360 candidates, at most 200; the probe's network twice and up to
        // 30 candidates timed (2 + 1.5 x 30 timings of 1,536 images); no rungs.
        var hour = AutoPlanner.Make(Facts(3600) with { Search = AutoPlanner.Proxy, HasReference = true });
        Assert.Equal(AutoPlanner.Proxy, hour.Search);
        Assert.False(hour.Fallback);
        Assert.Empty(hour.Rungs);
        Assert.Equal(200, hour.Screen);
        Assert.Equal(40, hour.ProxyEpochs);
        Assert.Equal(10 + 200 * 0.2 + 47 * 1.536, hour.SearchEnd, 6);
        // What a network affords: the time left after the search at its speed, the final's augmentation a tenth more.
        double left = 3600 - hour.Reserve - hour.SearchEnd;
        Assert.Equal(left * 0.9 * 1000 / 60_000, AutoPlanner.ProxyAffords(hour, 1000), 9);
        Assert.Equal(AutoPlanner.ProxyAffords(hour, 1000) / 2, AutoPlanner.ProxyAffords(hour, 500), 9);
        Assert.Equal((int)AutoPlanner.ProxyAffords(hour, 1000), hour.FinalEpochs);
        Assert.Contains("zero-cost proxy", hour.Summary);

        // 40 minutes at 1,000 images/s afford the reference about 33 epochs, fewer than the 40 asked for: no larger
        // network pays, so the reference trains for all of it (asking for 30 searches again).
        var short_ = AutoPlanner.Make(Facts(2400) with { Search = AutoPlanner.Proxy, HasReference = true });
        Assert.Equal(AutoPlanner.None, short_.Search);
        Assert.True(short_.Fallback);
        Assert.Contains("too short for a larger network to pay (the reference network affords fewer than 40 epochs)", short_.Summary);
        Assert.Equal(AutoPlanner.Make(Facts(2400) with { Search = AutoPlanner.None }).FinalEpochs, short_.FinalEpochs);
        Assert.Equal(AutoPlanner.Proxy, AutoPlanner.Make(Facts(2400) with { Search = AutoPlanner.Proxy, HasReference = true, ProxyEpochs = 30 }).Search);
        // Without a reference there is nothing to fall back on.
        Assert.Equal(AutoPlanner.Proxy, AutoPlanner.Make(Facts(2400) with { Search = AutoPlanner.Proxy }).Search);
    }

    [Fact]
    public void The_proxy_search_chooses_the_best_scoring_candidate_that_affords_its_epochs_timing_no_more_than_it_needs()
    {
        var space = Nas.Spaces.Residual.ResidualSpace.Baseline;
        AutoCandidate C(int i, double score) => new(i, space, 1000, 1000, score, 1000);
        // The reference (score 5) first, then best score first; candidate 4 scores below the reference.
        var ranked = new[] { C(0, 5), C(1, 9), C(2, 8), C(3, 7), C(4, 4) };
        var epochs = new Dictionary<int, double> { [1] = 20, [2] = 45, [3] = 60, [4] = 100 };
        var timed = new List<int>();
        (double, double) Time(AutoCandidate c) { timed.Add(c.Index); return (epochs[c.Index], epochs[c.Index] / 50); }
        Assert.Equal(2, AutoSearch.ProxyChoice(ranked, ranked[0], 40, Time).Index);
        Assert.Equal([1, 2], timed);
        // None above the reference affords 70: the reference; one below it is never timed.
        timed.Clear();
        Assert.Equal(0, AutoSearch.ProxyChoice(ranked, ranked[0], 70, Time).Index);
        Assert.Equal([1, 2, 3], timed);
        // Without a reference: the fastest timed.
        Assert.Equal(4, AutoSearch.ProxyChoice(ranked.Skip(1).ToList(), null, 200, Time).Index);
        // At most ProxyTimings are timed.
        var many = Enumerable.Range(0, 100).Select(i => C(i, i == 0 ? 0 : 100 - i)).ToList();
        int count = 0;
        AutoSearch.ProxyChoice(many, many[0], 1, _ => { count++; return (0, 1); });
        Assert.Equal(AutoPlanner.ProxyTimings, count);
    }

    [Fact]
    public void Behind_its_plan_a_rung_affords_fewer_candidates_and_the_final_training_fewer_images()
    {
        var plan = AutoPlanner.Make(Facts(3600));
        int onTime = AutoPlanner.Affordable(plan, 1, plan.SearchEnd - 2000, 1000, 5000);
        int late = AutoPlanner.Affordable(plan, 1, plan.SearchEnd - 300, 1000, 5000);
        Assert.Equal(plan.Rungs[1].Candidates, onTime);
        Assert.True(late < onTime);
        Assert.True(AutoPlanner.Affordable(plan, 1, plan.SearchEnd + 1, 1000, 5000) < 1);

        var (epochs, images) = AutoPlanner.FinalEpochs(plan, plan.SearchEnd, 1000);
        Assert.Null(images);
        Assert.Equal((int)Math.Floor((3600 - plan.Reserve - plan.SearchEnd) * 900 / 60_000), epochs);
        // Less than an epoch left: one epoch on the images that fit.
        var (one, part) = AutoPlanner.FinalEpochs(plan, 3600 - plan.Reserve - 30, 1000);
        Assert.Equal(1, one);
        Assert.Equal(27_000, part);
    }
}

public class AutoFinalReplanTests
{
    private static readonly AutoPlan Plan = AutoPlanner.Make(new AutoPlanner.Facts(600, 10, 600, 0.2, 55_000, 5_000, 60_000, 0.6, 3, null, AutoPlanner.None));

    [Fact]
    public void After_the_first_epoch_the_total_is_what_ends_by_the_budget_at_that_epochs_speed()
    {
        // 100 s spent when epoch 1 (90 s) ends: (1.02 x 600 - reserve 21 - 100) / 90 = 5.456 more, to a twentieth: 6.45 in all.
        Assert.Equal(21, Plan.Reserve, 6);
        Assert.Equal(6.45, AutoPlanner.FinalReplan(Plan, 100, [90], planned: 3), 9);
        // A slower machine than the probe said: fewer (1 + 391 / 180 = 3.17).
        Assert.Equal(3.15, AutoPlanner.FinalReplan(Plan, 200, [180], planned: 5), 9);
        // Past the budget already: the run ends with the epoch it has.
        Assert.Equal(1, AutoPlanner.FinalReplan(Plan, 700, [600], planned: 4));
    }

    [Fact]
    public void Up_to_the_middle_it_may_grow_and_after_it_changes_only_a_run_that_would_end_more_than_4_percent_over_or_early()
    {
        // The first epoch ran slow (120 s), the next ones 90 s: by epoch 3 (300 s spent) the first no longer counts and
        // 3 + (612 - 21 - 300) / 90 = 6.23 epochs fit, more than the 6 planned: it grows.
        Assert.Equal(6.2, AutoPlanner.FinalReplan(Plan, 300, [120, 90, 90], planned: 6), 9);
        // After the middle it keeps a run that ends within 4% early: 4 of 6 done at 90 s, 380 s spent, ends at
        // 380 + 180 + 21 = 581 s, 3% early, though 4 + (612 - 21 - 380) / 90 = 6.34 would fit.
        Assert.Equal(6, AutoPlanner.FinalReplan(Plan, 380, [90, 90, 90, 90], planned: 6));
        // ... and grows one that would end more than 4% early: 4 of 6 done at 60 s, 260 s spent, ends at 401 s; 9.5 fit.
        Assert.Equal(9.5, AutoPlanner.FinalReplan(Plan, 260, [60, 60, 60, 60], planned: 6), 9);
        // 4 of 6 done, 395 s spent, 95 s each: ends at 395 + 190 + 21 = 606 s, 1% over: kept.
        Assert.Equal(6, AutoPlanner.FinalReplan(Plan, 395, [95, 95, 95, 95], planned: 6));
        // The machine slowed to 150 s per epoch (last three 150, 150, 150): 4 done, 450 s spent, 450 + 2 x 150 + 21 =
        // 771 > 624, so 4 + (612 - 21 - 450) / 150 = 4.94, to a twentieth 4.9.
        Assert.Equal(4.9, AutoPlanner.FinalReplan(Plan, 450, [60, 150, 150, 150], planned: 6), 9);
        // Never below the epochs done.
        Assert.Equal(4, AutoPlanner.FinalReplan(Plan, 900, [90, 150, 600, 600], planned: 6));
    }
}

public class AutoEqualTimeTests
{
    [Fact]
    public void Every_candidate_of_a_rung_trains_for_the_references_time_so_a_slower_one_sees_fewer_images()
    {
        var rung = new AutoRung(20_000, 1, 9);
        Assert.Equal((20_000, 1), AutoSearch.EqualTime(rung, 1.0, 55_000)); // the reference: as planned
        Assert.Equal((10_000, 1), AutoSearch.EqualTime(rung, 0.5, 55_000)); // twice as slow: half the images
        // Three times as fast over the whole split: more epochs, the images split evenly among them.
        Assert.Equal((41_250, 2), AutoSearch.EqualTime(new AutoRung(55_000, 1, 3), 1.5, 55_000));
        Assert.Equal((256, 1), AutoSearch.EqualTime(rung, 0.001, 55_000)); // never below 256 images
        Assert.Equal((100, 1), AutoSearch.EqualTime(rung, 0.001, 100)); // nor above the split
    }

    [Fact]
    public void A_trial_may_train_twice_the_references_time_for_its_rung_and_ten_seconds_more()
    {
        // 18,333 images at 2,113 img/s: the reference's 8.7 s; a candidate much slower than timed stops at 27.4 s.
        Assert.Equal(2 * 18_333 / 2_113.0 + 10, AutoSearch.TrialLimit(18_333, 2_113), 9);
        Assert.Equal(AutoSearch.TrialLimit(1_000, 100) - 10, 2 * (AutoSearch.TrialLimit(1_000, 200) - 10), 9); // half the speed: twice the time
        Assert.Equal("referenceImagesPerSecond", Assert.Throws<ArgumentOutOfRangeException>(() => AutoSearch.TrialLimit(1_000, 0)).ParamName);
    }
}

public class AutoWinnerTests
{
    [Fact]
    public void A_slower_network_must_beat_a_faster_one_by_more_than_a_standard_error()
    {
        // The first hour-long run's top rung: 0.32 points apart, the standard error on 5,000 images 0.42.
        var reference = new AutoTrial(1, 0, 0.8982, 0.3, 216, 510);
        var slower = new AutoTrial(1, 1, 0.9014, 0.3, 198, 300);
        Assert.Same(reference, AutoSearch.Winner([reference, slower], 5000));
        // Better by more than the error: the slower one wins.
        var clearly = slower with { Accuracy = 0.9100 };
        Assert.Same(clearly, AutoSearch.Winner([reference, clearly], 5000));
        // With ten times the validation images the error is 0.13 points, so 0.32 is no longer noise.
        Assert.Same(slower, AutoSearch.Winner([reference, slower], 50_000));
        Assert.Same(reference, AutoSearch.Winner([reference], 5000));
    }
}
