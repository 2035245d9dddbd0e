using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Evaluation;
using Nas.Execution;
using Nas.Search;
using Nas.Strategies;
using Nas.Strategies.Pareto;

namespace Nas.Tests.Strategies.Pareto;

public sealed class ParetoEvolutionTests
{
    private static TrialOutcome Result(double accuracy, long parameters) =>
        TrialOutcome.Completed(new TrialMetrics(accuracy, 1 - accuracy, parameters, 0, 0, []));

    // Accuracy grows with the option indices and so does the cost: the two conflict.
    private static double Accuracy(Architecture a) => a.Space.Decisions.Where(d => !d.IsSubset).Sum(d => a[d.Name].Index) / 100.0;
    private static long Cost(Architecture a) => 1000 + a.Space.Decisions.Where(d => !d.IsSubset).Sum(d => (long)(a[d.Name].Index * a[d.Name].Index * 7 + d.Name.Length));

    private static ParetoEvolution Create(int population, int seed = 1, ParetoObjective objective = ParetoObjective.Parameters) =>
        new(TestSpaces.Flat(), seed, new ParetoEvolutionOptions(objective, population));

    private static (ParetoEvolution Strategy, JsonObject Recorded, List<SearchWarning> Warnings) FromCatalog(int? trials, string? given = null)
    {
        var registration = StrategyCatalog.Default.Find("nsga2")!;
        var settings = registration.Group.Read(given is null ? null : JsonNode.Parse(given)!.AsObject());
        var warnings = new List<SearchWarning>();
        var strategy = (ParetoEvolution)registration.Create(
            new StrategyContext(TestSpaces.Flat(), 1, settings, new Budget(trials, trials is null ? TimeSpan.FromHours(1) : null), warnings));
        return (strategy, settings.Values, warnings);
    }

    [Fact]
    public void Objective_names_map_to_and_from_the_enum_and_costs_are_null_when_not_measured()
    {
        foreach (var objective in Enum.GetValues<ParetoObjective>())
        {
            Assert.True(ParetoObjectives.TryParse(ParetoObjectives.Name(objective), out var back));
            Assert.Equal(objective, back);
        }
        Assert.Equal(ParetoObjective.MultiplyAdds, ParetoObjectives.Parse("MADDS"));
        Assert.False(ParetoObjectives.TryParse("flops", out _));
        Assert.Contains("params, madds, latency", Assert.Throws<ArgumentException>(() => ParetoObjectives.Parse("flops")).Message);

        var measured = new TrialMetrics(0.9, 0.1, 1200, 34000, 1, []) { LatencyMilliseconds = 2.5 };
        Assert.Equal(1200, ParetoObjectives.CostOf(ParetoObjective.Parameters, measured));
        Assert.Equal(34000, ParetoObjectives.CostOf(ParetoObjective.MultiplyAdds, measured));
        Assert.Equal(2.5, ParetoObjectives.CostOf(ParetoObjective.Latency, measured));
        var unmeasured = new TrialMetrics(0.9, 0.1, 0, 0, 1, []);
        Assert.All(Enum.GetValues<ParetoObjective>(), o => Assert.Null(ParetoObjectives.CostOf(o, unmeasured)));
    }

    [Theory]
    [InlineData(200, 20)]
    [InlineData(50, 10)]
    [InlineData(5000, 100)]
    [InlineData(null, 100)]
    public void Registered_as_nsga2_with_the_population_scaled_to_the_budget_and_recorded(int? trials, int population)
    {
        var (strategy, recorded, warnings) = FromCatalog(trials);
        Assert.Equal("nsga2", strategy.Name);
        Assert.Equal(new ParetoEvolutionOptions(ParetoObjective.Parameters, population), strategy.Options);
        Assert.Equal(ParetoObjective.Parameters, strategy.Objective);
        Assert.True(strategy.SizedByBudget);
        Assert.Equal(population, (int)recorded["population"]!);
        Assert.Equal("params", (string)recorded["objective"]!);
        Assert.Empty(warnings);
    }

    [Fact]
    public void The_objective_and_population_the_user_gives_are_kept_and_a_population_as_large_as_the_budget_is_warned_of()
    {
        var (strategy, recorded, warnings) = FromCatalog(30, """{"objective": "Latency", "population": 40}""");
        Assert.Equal(ParetoObjective.Latency, strategy.Objective);
        Assert.Equal(40, strategy.Options.PopulationSize);
        Assert.False(strategy.SizedByBudget);
        Assert.Equal("latency", (string)recorded["objective"]!);
        Assert.Contains("nothing evolves", Assert.Single(warnings).Message);
        Assert.Equal(ParetoObjective.MultiplyAdds, FromCatalog(300, """{"objective": "madds"}""").Strategy.Objective);
    }

    [Fact]
    public void A_bad_objective_or_a_population_below_two_is_refused_naming_the_setting()
    {
        var bad = Assert.Throws<SettingException>(() => FromCatalog(100, """{"objective": "flops"}"""));
        Assert.Equal("nsga2.objective", bad.Path);
        Assert.Contains("params, madds, latency", bad.Message);
        Assert.Contains("flops", bad.Message);
        Assert.Equal("nsga2.population", Assert.Throws<SettingException>(() => FromCatalog(100, """{"population": 1}""")).Path);
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(population: 1));
    }

    [Fact]
    public void Asks_are_new_random_architectures_until_the_population_has_filled_then_one_decision_children_of_members()
    {
        using var strategy = Create(population: 5, seed: 3);
        var asked = Enumerable.Range(0, 8).Select(_ => strategy.Ask()).ToList();
        Assert.Equal(8, asked.Select(p => p.Architecture.Key).Distinct().Count());
        Assert.Equal(8, strategy.Outstanding);
        for (int i = 7; i >= 3; i--) strategy.Tell(asked[i], Result(Accuracy(asked[i].Architecture), Cost(asked[i].Architecture)));
        Assert.Equal(5, strategy.Population.Count);
        var seen = asked.Select(p => p.Architecture.Key).ToHashSet();
        for (int i = 0; i < 20; i++)
        {
            var child = strategy.Ask();
            Assert.Contains(strategy.Population, m => TestSpaces.Differences(m.Architecture, child.Architecture) == 1);
            Assert.True(seen.Add(child.Architecture.Key), "a child was proposed twice");
        }
    }

    [Fact]
    public void The_worst_member_leaves_highest_rank_first_then_the_most_crowded()
    {
        using var strategy = Create(population: 3);
        void Tell(double accuracy, long cost) => strategy.Tell(strategy.Ask(), Result(accuracy, cost));
        Tell(0.9, 10);
        Tell(0.5, 1);
        Tell(0.4, 5); // dominated by (0.5, 1)
        Tell(0.6, 2);
        Assert.Equal(new[] { (0.9, 10.0), (0.5, 1.0), (0.6, 2.0) }, strategy.Population.Select(m => (m.Accuracy, m.Cost)));
        // One front of four: (0.6, 2) is crowded 0.2/0.4 + 2/9, (0.7, 3) 0.3/0.4 + 8/9, the ends infinitely.
        Tell(0.7, 3);
        Assert.Equal(new[] { (0.9, 10.0), (0.5, 1.0), (0.7, 3.0) }, strategy.Population.Select(m => (m.Accuracy, m.Cost)));
    }

    [Fact]
    public void Within_the_worst_rank_equally_crowded_members_leave_oldest_first()
    {
        using var strategy = Create(population: 2);
        var first = strategy.Ask();
        strategy.Tell(first, Result(0.9, 1)); // dominates both of the rest, which are both ends of rank 1
        var older = strategy.Ask();
        strategy.Tell(older, Result(0.5, 5));
        var younger = strategy.Ask();
        strategy.Tell(younger, Result(0.6, 6));
        Assert.Equal(new[] { first.Id, younger.Id }, strategy.Population.Select(m => m.ProposalId));
    }

    [Fact]
    public void Failed_and_pruned_trials_are_told_but_never_join_or_become_parents()
    {
        using var strategy = Create(population: 3, seed: 5);
        var failed = new List<Architecture>();
        for (int i = 0; i < 6; i++)
        {
            var p = strategy.Ask();
            if (i % 2 == 0)
            {
                failed.Add(p.Architecture);
                strategy.Tell(p, i == 0 ? TrialOutcome.Pruned(new TrialMetrics(0.99, 0.01, 1, 0, 0, []), "pruned") : TrialOutcome.Failed("diverged"));
            }
            else strategy.Tell(p, Result(0.1 * i, 100 - i));
        }
        Assert.Equal(3, strategy.Failed);
        Assert.Equal(3, strategy.Completed);
        Assert.Equal(3, strategy.Population.Count);
        Assert.DoesNotContain(strategy.Population, m => failed.Contains(m.Architecture));
        // Every later proposal is a child of a completed member, never of a failed architecture.
        var members = strategy.Population.Select(m => m.Architecture).ToArray();
        for (int i = 0; i < 30; i++)
        {
            var child = strategy.Ask();
            Assert.Contains(members, m => TestSpaces.Differences(m, child.Architecture) == 1);
            strategy.Tell(child, TrialOutcome.Failed("out of memory"));
        }
        Assert.Equal(members, strategy.Population.Select(m => m.Architecture));
        Assert.Equal(0, strategy.Outstanding);
    }

    [Fact]
    public void A_completed_trial_without_its_cost_is_refused_and_changes_nothing()
    {
        using var strategy = Create(population: 4);
        var p = strategy.Ask();
        string before = strategy.ExportState();
        var error = Assert.Throws<InvalidOperationException>(() => strategy.Tell(p, Result(0.8, parameters: 0)));
        Assert.Contains("must measure", error.Message);
        Assert.Contains("params", error.Message);
        Assert.Equal(before, strategy.ExportState());
        strategy.Tell(p, Result(0.8, 10));
        Assert.Single(strategy.Population);

        using var latency = Create(population: 4, objective: ParetoObjective.Latency);
        var q = latency.Ask();
        Assert.Contains("latency", Assert.Throws<InvalidOperationException>(() => latency.Tell(q, Result(0.8, 1000))).Message);
        latency.Tell(q, TrialOutcome.Completed(new TrialMetrics(0.8, 0.2, 1000, 0, 0, []) { LatencyMilliseconds = 3.5 }));
        Assert.Equal(3.5, Assert.Single(latency.Population).Cost);
        // A failed trial has no cost to measure.
        latency.Tell(latency.Ask(), TrialOutcome.Failed("boom"));
        Assert.Equal(1, latency.Failed);
    }

    [Fact]
    public void Telling_an_unknown_or_repeated_proposal_throws()
    {
        using var strategy = Create(population: 4);
        var p = strategy.Ask();
        strategy.Tell(p, Result(0.5, 5));
        Assert.Throws<ArgumentException>(() => strategy.Tell(p, Result(0.5, 5)));
        Assert.Throws<ArgumentException>(() => strategy.Tell(p with { Id = 99 }, Result(0.5, 5)));
    }

    [Fact]
    public void Logs_the_front_of_all_results_and_its_hypervolume_every_population_of_results()
    {
        using var strategy = Create(population: 4, seed: 7);
        var steps = new List<(string Kind, long Number, string Json)>();
        strategy.StepLogged += (kind, number, json) => steps.Add((kind, number, json));
        var told = new List<ParetoPoint>();
        for (int i = 0; i < 10; i++)
        {
            var p = strategy.Ask();
            if (i == 2) { strategy.Tell(p, TrialOutcome.Failed("boom")); continue; }
            var point = new ParetoPoint(Accuracy(p.Architecture), Cost(p.Architecture));
            strategy.Tell(p, Result(point.Accuracy, (long)point.Cost));
            told.Add(point);
        }
        Assert.Equal(told, strategy.Results);
        Assert.Equal(new long[] { 1, 2 }, steps.Select(s => s.Number));
        Assert.All(steps, s => Assert.Equal("pareto", s.Kind));
        for (int k = 0; k < 2; k++)
        {
            var results = told.Take(4 * (k + 1)).ToArray();
            using var doc = JsonDocument.Parse(steps[k].Json);
            var root = doc.RootElement;
            Assert.Equal(4 * (k + 1), root.GetProperty("trials").GetInt32());
            double reference = results.Max(r => r.Cost);
            Assert.Equal(reference, root.GetProperty("reference_cost").GetDouble());
            Assert.Equal(ParetoFront.Hypervolume(results, reference), root.GetProperty("hypervolume").GetDouble(), 12);
            var front = root.GetProperty("front").EnumerateArray().Select(e => new ParetoPoint(e[0].GetDouble(), e[1].GetDouble())).ToArray();
            Assert.Equal(ParetoFront.Front(results).Select(i => results[i]), front);
            Assert.NotEmpty(front);
        }
    }

    [Fact]
    public void Earlier_results_with_a_known_cost_seed_the_population_and_are_not_proposed_again()
    {
        var space = TestSpaces.Flat();
        var random = new SeededRandom(8);
        var prior = Enumerable.Range(0, 6).Select(_ => ArchitectureSampler.Sample(space, random)).Select(a => new PriorResult(a, Accuracy(a))).ToArray();

        using var without = Create(population: 4);
        without.WarmStart(prior);
        Assert.Empty(without.Population);

        using var strategy = Create(population: 4);
        strategy.PriorCost = a => a.Equals(prior[5].Architecture) ? null : Cost(a);
        strategy.WarmStart(prior);
        Assert.Equal(4, strategy.Population.Count);
        Assert.DoesNotContain(strategy.Population, m => m.Architecture.Equals(prior[5].Architecture));
        Assert.All(strategy.Population, m => Assert.Equal(-1, m.ProposalId));
        // The population is full: the first ask is already a child, and none repeats an earlier result.
        for (int i = 0; i < 10; i++)
        {
            var child = strategy.Ask();
            Assert.Contains(strategy.Population, m => TestSpaces.Differences(m.Architecture, child.Architecture) == 1);
            Assert.DoesNotContain(prior.Take(5), r => r.Architecture.Equals(child.Architecture));
        }
    }

    [Fact]
    public void Resumes_from_its_state_exactly_with_proposals_still_out()
    {
        var space = TestSpaces.FlatWithSubset();
        var options = new ParetoEvolutionOptions(ParetoObjective.Parameters, 6);
        using var first = new ParetoEvolution(space, 9, options);
        Drive(first, 40, 3).ToList();
        var out1 = first.Ask();
        var out2 = first.Ask();
        using var second = new ParetoEvolution(space, 999, options);
        second.ImportState(first.ExportState());
        Assert.Equal(first.ExportState(), second.ExportState());
        foreach (var s in new[] { first, second }) { s.Tell(out2, Result(0.9, 5)); s.Tell(out1, TrialOutcome.Failed("lost")); }
        Assert.Equal(Drive(first, 30, 2).Select(a => a.Key), Drive(second, 30, 2).Select(a => a.Key));
        Assert.Equal(first.ExportState(), second.ExportState());
        Assert.Throws<ArgumentException>(() => second.Tell(new Proposal(999, out1.Architecture), Result(0.1, 1)));
    }

    [Fact]
    public void A_resumed_search_proposes_what_the_unbroken_one_did()
    {
        var space = TestSpaces.FlatWithSubset();
        var options = new ParetoEvolutionOptions(ParetoObjective.Parameters, 8);
        using var unbroken = new ParetoEvolution(space, 4, options);
        var reference = Drive(unbroken, 90, 3).Select(a => a.Key).ToList();

        using var first = new ParetoEvolution(space, 4, options);
        var head = Drive(first, 35, 3).Select(a => a.Key).ToList();
        using var second = new ParetoEvolution(space, 4, options);
        second.ImportState(first.ExportState());
        var tail = Drive(second, 55, 3).Select(a => a.Key).ToList();
        Assert.Equal(reference, head.Concat(tail));
        Assert.Equal(unbroken.ExportState(), second.ExportState());
        Assert.True(unbroken.Completed > 8, "the search evolved");
    }

    [Fact]
    public void Refuses_a_state_of_another_objective_size_or_space_but_a_budget_sized_one_takes_the_saved_size()
    {
        using var search = Create(population: 10);
        Drive(search, 12, 1).ToList();
        string state = search.ExportState();
        Assert.Contains("objective=params", Assert.Throws<NasUserException>(() => Create(10, objective: ParetoObjective.Latency).ImportState(state)).Message);
        Assert.Contains("P=10", Assert.Throws<NasUserException>(() => Create(20).ImportState(state)).Message);
        Assert.Contains("'flat' space", Assert.Throws<NasUserException>(() => new ParetoEvolution(TestSpaces.Dependent(), 1).ImportState(state)).Message);
        Assert.Contains("malformed", Assert.Throws<NasUserException>(() => search.ImportState("{")).Message);

        var (scaled, _, _) = FromCatalog(1000);
        Assert.Equal(100, scaled.Options.PopulationSize);
        scaled.ImportState(state);
        Assert.Equal(10, scaled.Options.PopulationSize);
        Assert.Equal(search.Ask().Architecture, scaled.Ask().Architecture);
    }

    // Asks `count` architectures with up to `parallel` out at once, telling the oldest first (every fifth fails), then the rest.
    private static IEnumerable<Architecture> Drive(IStrategy strategy, int count, int parallel)
    {
        var out_ = new Queue<Proposal>();
        var asked = new List<Architecture>();
        void Tell(Proposal t) => strategy.Tell(t, t.Id % 5 == 4 ? TrialOutcome.Failed("diverged")
            : Result(Accuracy(t.Architecture) + (t.Id % 3) * 0.001, Cost(t.Architecture)));
        for (int i = 0; i < count; i++)
        {
            var p = strategy.Ask();
            asked.Add(p.Architecture);
            out_.Enqueue(p);
            if (out_.Count >= parallel) Tell(out_.Dequeue());
        }
        while (out_.Count > 0) Tell(out_.Dequeue());
        return asked;
    }
}
