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
}
