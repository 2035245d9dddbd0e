using Nas.Architectures;
using Nas.Strategies;
using Nas.Strategies.Local;

namespace Nas.Tests.Strategies;

public sealed class LocalSearchTests
{
    // Higher for more decisions at their last option: one optimum, reached by single steps.
    private static double Score(Architecture a) => a.Space.Decisions.Where(d => !d.IsSubset).Sum(d => a[d.Name].Index) / 100.0;

    [Fact]
    public void Neighbours_are_every_single_change_and_nothing_else()
    {
        var space = TestSpaces.FlatWithSubset(decisions: 3, options: 4, subsetOptions: 3);
        var parent = ArchitectureSampler.Sample(space, new SeededRandom(1));
        var neighbours = ArchitectureMutator.Neighbours(parent, new SeededRandom(2));
        Assert.Equal(3 * 3 + 3, neighbours.Count);
        Assert.All(neighbours, n => Assert.Equal(1, TestSpaces.Differences(parent, n)));
        Assert.Equal(neighbours.Count, neighbours.Select(n => n.Key).Distinct().Count());
    }

    [Fact]
    public void Neighbours_in_a_dependent_space_are_valid_and_drop_what_stops_applying()
    {
        var space = TestSpaces.Dependent();
        var all = TestSpaces.All(space).Select(a => a.Key).ToHashSet();
        var random = new SeededRandom(3);
        for (int i = 0; i < 50; i++)
        {
            var parent = ArchitectureSampler.Sample(space, random);
            var neighbours = ArchitectureMutator.Neighbours(parent, random);
            Assert.NotEmpty(neighbours);
            Assert.All(neighbours, n => Assert.Contains(n.Key, all));
            Assert.DoesNotContain(neighbours, n => n.Key == parent.Key);
        }
    }

    [Fact]
    public void Climbs_from_the_best_start_through_neighbours_to_the_optimum()
    {
        var space = TestSpaces.Flat(decisions: 6, options: 4);
        using var search = new LocalSearch(space, 5, new LocalSearchOptions(Starts: 4));
        var starts = Enumerable.Range(0, 4).Select(_ => search.Ask()).ToArray();
        foreach (var p in starts) search.Tell(p, Score(p.Architecture));
        var best = starts.MaxBy(p => Score(p.Architecture))!;
        Assert.Equal(best.Architecture, search.Current!.Architecture);

        var proposals = new List<Proposal>();
        for (int i = 0; i < 200 && search.Current?.Score < 0.18 - 1e-9; i++)
        {
            var before = search.Current!.Architecture;
            var p = search.Ask();
            Assert.Equal(1, TestSpaces.Differences(before, p.Architecture));
            search.Tell(p, Score(p.Architecture));
            proposals.Add(p);
        }
        Assert.Equal(0.18, search.Current!.Score, 9);
        Assert.True(search.Moves > 0);
        Assert.Equal(proposals.Count, proposals.Select(p => p.Architecture.Key).Distinct().Count());
    }

    [Fact]
    public void Restarts_from_new_random_architectures_at_a_local_optimum()
    {
        var space = TestSpaces.Flat(decisions: 2, options: 2);
        using var search = new LocalSearch(space, 1, new LocalSearchOptions(Starts: 1));
        // Every architecture scores the same: the first climb step finds nothing better.
        var start = search.Ask();
        search.Tell(start, 0.5);
        var center = search.Current!.Architecture;
        for (int i = 0; i < 2; i++) search.Tell(search.Ask(), 0.5);
        Assert.Equal(1, search.Restarts);
        Assert.Null(search.Current);
        Assert.Equal(center, start.Architecture);
    }

    [Fact]
    public void Best_improvement_moves_only_once_the_whole_neighbourhood_is_told()
    {
        var space = TestSpaces.Flat(decisions: 3, options: 3);
        using var search = new LocalSearch(space, 2, new LocalSearchOptions(Starts: 1, BestImprovement: true));
        var start = search.Ask();
        search.Tell(start, Score(start.Architecture));
        var neighbours = Enumerable.Range(0, 6).Select(_ => search.Ask()).ToArray();
        Assert.All(neighbours, p => Assert.Equal(1, TestSpaces.Differences(start.Architecture, p.Architecture)));
        foreach (var p in neighbours[..5])
        {
            search.Tell(p, Score(p.Architecture));
            Assert.Equal(start.Architecture, search.Current!.Architecture);
        }
        search.Tell(neighbours[5], Score(neighbours[5].Architecture));
        var best = neighbours.MaxBy(p => Score(p.Architecture))!;
        if (Score(best.Architecture) > Score(start.Architecture)) Assert.Equal(best.Architecture, search.Current!.Architecture);
    }

    [Fact]
    public void Failed_trials_never_become_the_current_architecture()
    {
        var space = TestSpaces.Flat();
        using var search = new LocalSearch(space, 3, new LocalSearchOptions(Starts: 2));
        var a = search.Ask();
        var b = search.Ask();
        search.Tell(a, TrialOutcome.Failed("boom"));
        Assert.Null(search.Current);
        search.Tell(b, 0.3);
        search.Tell(search.Ask(), 0.2);
        Assert.Equal(b.Architecture, search.Current!.Architecture);
        Assert.Equal(1, search.Failed);
    }

    [Fact]
    public void Resumes_from_its_state_exactly_with_proposals_still_out()
    {
        var space = TestSpaces.FlatWithSubset();
        using var first = new LocalSearch(space, 9);
        Drive(first, 25, 1).ToList();
        var out1 = first.Ask();
        var out2 = first.Ask();
        using var second = new LocalSearch(space, 9);
        second.ImportState(first.ExportState());
        Assert.Equal(first.ExportState(), second.ExportState());
        // The restored strategy takes the results of the proposals that were out, and asks as the first would.
        foreach (var s in new[] { first, second }) { s.Tell(out2, 0.9); s.Tell(out1, TrialOutcome.Failed("lost")); }
        Assert.Equal(first.Ask().Architecture, second.Ask().Architecture);
        Assert.Throws<ArgumentException>(() => second.Tell(new Proposal(999, out1.Architecture), 0.1));
    }

    [Fact]
    public void Refuses_a_state_of_other_settings_or_another_space()
    {
        using var search = new LocalSearch(TestSpaces.Flat(), 1);
        string state = search.ExportState();
        Assert.Contains("starts=10", Assert.Throws<NasUserException>(() => new LocalSearch(TestSpaces.Flat(), 1, new LocalSearchOptions(Starts: 3)).ImportState(state)).Message);
        Assert.Contains("'flat' space", Assert.Throws<NasUserException>(() => new LocalSearch(TestSpaces.Dependent(), 1).ImportState(state)).Message);
        Assert.Contains("malformed", Assert.Throws<NasUserException>(() => search.ImportState("{")).Message);
    }

    [Fact]
    public void A_resumed_search_proposes_what_the_unbroken_one_did()
    {
        var space = TestSpaces.FlatWithSubset();
        using var unbroken = new LocalSearch(space, 4);
        var reference = Drive(unbroken, 80, 1).Select(a => a.Key).ToList();

        using var first = new LocalSearch(space, 4);
        var head = Drive(first, 30, 1).Select(a => a.Key).ToList();
        using var second = new LocalSearch(space, 4);
        second.ImportState(first.ExportState());
        var tail = Drive(second, 50, 1).Select(a => a.Key).ToList();
        Assert.Equal(reference, head.Concat(tail));
    }

    // Asks `count` architectures with up to `parallel` out at once, telling the oldest first, then tells the rest.
    private static IEnumerable<Architecture> Drive(IStrategy strategy, int count, int parallel)
    {
        var out_ = new Queue<Proposal>();
        var asked = new List<Architecture>();
        for (int i = 0; i < count; i++)
        {
            var p = strategy.Ask();
            asked.Add(p.Architecture);
            out_.Enqueue(p);
            if (out_.Count >= parallel) { var t = out_.Dequeue(); strategy.Tell(t, Score(t.Architecture) + (t.Id % 3) * 0.001); }
        }
        while (out_.Count > 0) { var t = out_.Dequeue(); strategy.Tell(t, Score(t.Architecture)); }
        return asked;
    }
}
