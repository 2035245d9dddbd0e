using System.Text;
using System.Text.Json;
using Nas.Evaluation;
using Nas.Execution;
using Nas.Store;
using Nas.Strategies;
using Nas.Tests.Strategies;
using Nas.Torch.Controllers;

namespace Nas.Tests.Controllers;

public class StrategyJournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nas-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TrialOutcome Scored(double score) =>
        TrialOutcome.Completed(new TrialMetrics(score, 1 - score, 0, 0, 0, Array.Empty<EpochMetrics>()));

    [Fact]
    public void Controller_updates_go_to_the_search_log_and_the_state_resumes_the_search()
    {
        var space = TestSpaces.Flat(decisions: 4, options: 3);
        using var store = SqliteExperimentStore.Open(Path.Combine(_dir, "e.db"));
        using var strategy = new ReinforceStrategy(space, 7, new ReinforceOptions(BatchSize: 2));
        using var journal = new StrategyJournal(strategy, store);
        for (int i = 0; i < 5; i++)
        {
            var p = strategy.Ask()!;
            strategy.Tell(p, Scored(0.1 * i));
            journal.SaveState();
        }
        var steps = store.Steps("controller");
        Assert.Equal(new long[] { 1, 2 }, steps.Select(s => s.Step));
        var second = JsonDocument.Parse(steps[1].Json).RootElement;
        Assert.Equal(strategy.Steps[1].MeanReward, second.GetProperty("mean_reward").GetDouble(), 12);
        Assert.Equal(strategy.Steps[1].Baseline, second.GetProperty("baseline").GetDouble(), 12);
        Assert.True(second.GetProperty("entropy").GetDouble() > 0);

        // A strategy restored from the stored state proposes what the original proposes next.
        using var resumed = new ReinforceStrategy(space, 7, new ReinforceOptions(BatchSize: 2));
        resumed.ImportState(Encoding.UTF8.GetString(store.LoadState(journal.StateKey)!));
        Assert.Equal(strategy.Ask()!.Architecture, resumed.Ask()!.Architecture);
        Assert.Equal(strategy.Baseline, resumed.Baseline);
    }

    [Fact]
    public void Evolution_and_random_search_states_are_saved()
    {
        var space = TestSpaces.Flat(decisions: 3, options: 3);
        using var store = SqliteExperimentStore.Open(Path.Combine(_dir, "v.db"));
        var evolution = new RegularizedEvolution(space, 3, new RegularizedEvolutionOptions(4, 2));
        using (var journal = new StrategyJournal(evolution, store))
        {
            var p = evolution.Ask()!;
            evolution.Tell(p, Scored(0.5));
            journal.SaveState();
        }
        Assert.Contains("0.5", Encoding.UTF8.GetString(store.LoadState("evolution")!));
        using var random = new StrategyJournal(new RandomSearch(space, 1), store);
        random.SaveState();
        Assert.Contains("\"Next\":0", Encoding.UTF8.GetString(store.LoadState("random")!));
        Assert.Empty(store.Steps());
    }
}
