using Nas.Evaluation;
using Nas.Strategies;

namespace Nas.Tests.Strategies;

public sealed class RegularizedEvolutionTests
{
    private static TrialOutcome Scored(double score) =>
        TrialOutcome.Completed(new TrialMetrics(score, 1 - score, 0, 0, 0, Array.Empty<EpochMetrics>()));

    [Fact]
    public void AsksAreRandom_UntilThePopulationHasFilled_EvenWithManyOutstanding()
    {
        var space = TestSpaces.Flat();
        var evolution = new RegularizedEvolution(space, seed: 11, new RegularizedEvolutionOptions(PopulationSize: 5, SampleSize: 2));
        var sampler = new SeededRandom(11);

        // Eight asks with no results: all random (the same draws a sampler with this seed makes).
        var asked = Enumerable.Range(0, 8).Select(_ => evolution.Ask()!).ToList();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), asked.Select(p => p.Id));
        foreach (var p in asked) Assert.Equal(ArchitectureSampler.Sample(space, sampler), p.Architecture);
        Assert.Equal(8, evolution.Outstanding);

        // Results in reverse order; after five the population is full and children are mutants of members.
        for (int i = 7; i >= 3; i--) evolution.Tell(asked[i], Scored(i / 10.0));
        Assert.Equal(5, evolution.Population.Count);
        Assert.Equal(new long[] { 7, 6, 5, 4, 3 }, evolution.Population.Select(m => m.ProposalId));
        var child = evolution.Ask()!;
        Assert.Contains(evolution.Population, m => TestSpaces.Differences(m.Architecture, child.Architecture) == 1);
    }

    [Fact]
    public void OldestMemberLeaves_EvenWhenItIsTheBest()
    {
        var evolution = new RegularizedEvolution(TestSpaces.Flat(), seed: 1, new RegularizedEvolutionOptions(PopulationSize: 3, SampleSize: 3));
        var first = evolution.Ask()!;
        evolution.Tell(first, Scored(0.99));
        for (int i = 0; i < 2; i++) evolution.Tell(evolution.Ask()!, Scored(0.1));
        Assert.Equal(first.Id, evolution.Population[0].ProposalId);

        var child = evolution.Ask()!; // the tournament (S = P) must pick the best member as parent
        Assert.Equal(1, TestSpaces.Differences(first.Architecture, child.Architecture));
        evolution.Tell(child, Scored(0.2));
        Assert.Equal(3, evolution.Population.Count);
        Assert.DoesNotContain(evolution.Population, m => m.ProposalId == first.Id);
        Assert.Equal(child.Id, evolution.Population[^1].ProposalId);
    }

    [Fact]
    public void FailedTrials_AreToldButNeverEnterThePopulation()
    {
        var evolution = new RegularizedEvolution(TestSpaces.Flat(), seed: 2, new RegularizedEvolutionOptions(PopulationSize: 2, SampleSize: 1));
        evolution.Tell(evolution.Ask()!, TrialOutcome.Failed("diverged"));
        evolution.Tell(evolution.Ask()!, Scored(0.5));
        evolution.Tell(evolution.Ask()!, TrialOutcome.Failed("out of memory"));
        Assert.Single(evolution.Population);
        Assert.Equal(2, evolution.Failed);
        Assert.Equal(1, evolution.Completed);
        Assert.Equal(0, evolution.Outstanding);
    }

    [Fact]
    public void TellingAnUnknownOrRepeatedProposal_Throws()
    {
        var evolution = new RegularizedEvolution(TestSpaces.Flat(), seed: 2);
        var p = evolution.Ask()!;
        evolution.Tell(p, Scored(0.5));
        Assert.Throws<ArgumentException>(() => evolution.Tell(p, Scored(0.5)));
        Assert.Throws<ArgumentException>(() => evolution.Tell(p with { Id = 99 }, Scored(0.5)));
    }

    [Fact]
    public void SameSeed_SameProposals_OnADependentSpace()
    {
        static List<string> Run(int seed)
        {
            var space = TestSpaces.Dependent();
            var target = TestSpaces.Target(space, 0);
            var evolution = new RegularizedEvolution(space, seed, new RegularizedEvolutionOptions(6, 3));
            var keys = new List<string>();
            for (int i = 0; i < 60; i++)
            {
                var p = evolution.Ask()!;
                keys.Add(p.Architecture.Key);
                evolution.Tell(p, Scored(TestSpaces.Differences(p.Architecture, target) * -0.1));
            }
            return keys;
        }
        Assert.Equal(Run(4), Run(4));
        Assert.NotEqual(Run(4), Run(5));
    }

    [Fact]
    public void ExportedState_ResumesExactly_WithProposalsStillOut()
    {
        var space = TestSpaces.FlatWithSubset();
        var target = TestSpaces.Target(space, 9);
        var options = new RegularizedEvolutionOptions(PopulationSize: 8, SampleSize: 3);
        var original = new RegularizedEvolution(space, seed: 21, options);
        var outstanding = new Queue<Proposal>();
        for (int i = 0; i < 40; i++)
        {
            outstanding.Enqueue(original.Ask()!);
            if (outstanding.Count <= 2) continue;
            var done = outstanding.Dequeue();
            original.Tell(done, Scored(TestSpaces.Agreement(done.Architecture, target)));
        }

        var json = original.ExportState();
        var resumed = new RegularizedEvolution(space, seed: 999, options);
        resumed.ImportState(json);
        Assert.Equal(json, resumed.ExportState());

        foreach (var p in outstanding.ToArray())
        {
            original.Tell(p, Scored(0.3));
            resumed.Tell(p, Scored(0.3));
        }
        for (int i = 0; i < 30; i++)
        {
            var a = original.Ask()!;
            var b = resumed.Ask()!;
            Assert.Equal(a, b);
            original.Tell(a, Scored(TestSpaces.Agreement(a.Architecture, target)));
            resumed.Tell(b, Scored(TestSpaces.Agreement(b.Architecture, target)));
        }
        Assert.Equal(original.ExportState(), resumed.ExportState());
    }

    private static (RegularizedEvolution Strategy, System.Text.Json.Nodes.JsonObject Recorded, List<Nas.Search.SearchWarning> Warnings) FromCatalog(int? trials, string? given = null)
    {
        var settings = RegularizedEvolution.Registration.Group.Read(given is null ? null : System.Text.Json.Nodes.JsonNode.Parse(given)!.AsObject());
        var warnings = new List<Nas.Search.SearchWarning>();
        var strategy = (RegularizedEvolution)RegularizedEvolution.Registration.Create(
            new Nas.Search.StrategyContext(TestSpaces.Flat(), 1, settings, new Nas.Execution.Budget(trials, trials is null ? TimeSpan.FromHours(1) : null), warnings));
        return (strategy, settings.Values, warnings);
    }

    [Theory]
    [InlineData(300, 30, 10)]
    [InlineData(50, 10, 3)]
    [InlineData(5000, 100, 33)]
    [InlineData(null, 100, 33)]
    public void By_default_the_population_and_tournament_scale_with_the_trial_budget_and_are_recorded(int? trials, int population, int tournament)
    {
        var (evolution, recorded, warnings) = FromCatalog(trials);
        Assert.Equal(new RegularizedEvolutionOptions(population, tournament), evolution.Options);
        Assert.True(evolution.SizedByBudget);
        Assert.Equal(population, (int)recorded["population"]!);
        Assert.Equal(tournament, (int)recorded["tournament"]!);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Sizes_the_user_gives_are_kept_and_a_population_as_large_as_the_budget_is_warned_of()
    {
        var (evolution, _, warnings) = FromCatalog(40, """{"population": 50, "tournament": 5}""");
        Assert.Equal(new RegularizedEvolutionOptions(50, 5), evolution.Options);
        Assert.False(evolution.SizedByBudget);
        Assert.Contains("nothing evolves", Assert.Single(warnings).Message);
        var (onlyPopulation, _, _) = FromCatalog(400, """{"population": 12}""");
        Assert.Equal(new RegularizedEvolutionOptions(12, 4), onlyPopulation.Options);
    }

    [Fact]
    public void A_search_sized_by_its_budget_resumes_with_the_sizes_it_started_with_under_a_new_budget()
    {
        var (first, _, _) = FromCatalog(300);
        for (int i = 0; i < 35; i++) { var p = first.Ask(); first.Tell(p, Scored(0.01 * (i % 7))); }
        var (resumed, _, _) = FromCatalog(1000);
        Assert.Equal(100, resumed.Options.PopulationSize);
        resumed.ImportState(first.ExportState());
        Assert.Equal(first.Options, resumed.Options);
        Assert.Equal(first.Ask().Architecture, resumed.Ask().Architecture);
        // Sizes the user gave are not overridden: a state of other sizes is refused.
        var (fixedSizes, _, _) = FromCatalog(300, """{"population": 20}""");
        Assert.Contains("P=30", Assert.Throws<NasUserException>(() => fixedSizes.ImportState(first.ExportState())).Message);
    }
}
