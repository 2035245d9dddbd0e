using Nas.Evaluation;
using Nas.Strategies;
using Nas.Tests.Strategies;
using Nas.Torch.Controllers;

namespace Nas.Tests.Controllers;

public sealed class ReinforceReplicasTests
{
    private static readonly ReinforceOptions Small = new(new ControllerOptions(HiddenSize: 16), LearningRate: 0.03, EntropyWeight: 0.03, BatchSize: 2);

    private static TrialOutcome Scored(double score) => TrialOutcome.Completed(new TrialMetrics(score, 1 - score, 0, 0, 0, Array.Empty<EpochMetrics>()));

    [Fact]
    public void Replicas_take_turns_keep_their_own_batches_and_learn_into_one_controller()
    {
        using var set = new ReinforceReplicas(TestSpaces.FlatWithSubset(), 5, Small, replicas: 2);
        var logged = new List<string>();
        set.StepLogged += (kind, step, json) => logged.Add($"{kind}:{step}:{json}");
        var asked = Enumerable.Range(0, 4).Select(_ => set.Ask()!).ToList();
        Assert.Equal(new long[] { 0, 1, 2, 3 }, asked.Select(p => p.Id));
        // Proposals 0 and 2 belong to replica 1, 1 and 3 to replica 2: replica 2's batch completes first.
        var probe = asked[0].Architecture;
        double before = set.Controller.LogProbability(probe);
        set.Tell(asked[1], Scored(0.2));
        set.Tell(asked[3], Scored(0.9));
        Assert.Equal(new[] { 0, 1 }, set.Steps.Select(s => s.Count));
        Assert.NotEqual(before, set.Controller.LogProbability(probe)); // the shared parameters moved
        set.Tell(asked[2], Scored(0.4));
        Assert.Equal(new[] { 0, 1 }, set.Steps.Select(s => s.Count));
        set.Tell(asked[0], Scored(0.6));
        Assert.Equal(new[] { 1, 1 }, set.Steps.Select(s => s.Count));
        Assert.Equal(2, logged.Count);
        Assert.Contains("\"replica\":2", logged[0]);
        Assert.StartsWith("controller:2:", logged[1]);
        Assert.Throws<ArgumentException>(() => set.Tell(asked[0], Scored(0.6))); // told already
    }

    [Fact]
    public void State_round_trip_continues_the_same_search()
    {
        var space = TestSpaces.FlatWithSubset();
        using var a = new ReinforceReplicas(space, 9, Small, replicas: 3);
        var out1 = Enumerable.Range(0, 5).Select(_ => a.Ask()!).ToList();
        a.Tell(out1[0], Scored(0.5));
        a.Tell(out1[3], Scored(0.7)); // replica 1's batch: an update
        string saved = a.ExportState();

        using var b = new ReinforceReplicas(space, 9, Small, replicas: 3);
        b.ImportState(saved);
        foreach (var p in new[] { out1[1], out1[2], out1[4] }) { a.Tell(p, Scored(0.3)); b.Tell(p, Scored(0.3)); }
        for (int i = 0; i < 6; i++) Assert.Equal(a.Ask()!, b.Ask()!);

        using var wrong = new ReinforceReplicas(space, 9, Small, replicas: 2);
        Assert.Contains("3 replicas", Assert.Throws<NasUserException>(() => wrong.ImportState(saved)).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Two_replicas_find_the_optimum_of_a_synthetic_objective(int seed)
    {
        // The single controller's closed-form objective; two replicas learn from half as many samples each, so the budget is 600 (the single controller: 400).
        var space = TestSpaces.FlatWithSubset();
        var target = TestSpaces.Target(space, 1000 + seed);
        using var set = new ReinforceReplicas(space, seed, Small, replicas: 2); // m = 2 each: as many samples per update as the single controller's m = 4
        double best = 0;
        int evaluations = 0;
        while (evaluations < 600 && best < 1.0)
        {
            var p = set.Ask()!;
            double score = TestSpaces.Agreement(p.Architecture, target);
            set.Tell(p, Scored(score));
            best = Math.Max(best, score);
            evaluations++;
        }
        Assert.True(best == 1.0, $"seed {seed}: best {best:F3} after {evaluations} evaluations");
    }

    [Fact]
    public void No_replicas_is_refused_naming_the_argument() =>
        Assert.Equal("replicas", Assert.Throws<ArgumentOutOfRangeException>(() => new ReinforceReplicas(TestSpaces.FlatWithSubset(), 5, Small, replicas: 0)).ParamName);
}
