using System.Text;
using System.Text.Json;
using Nas.Evaluation;
using Nas.Execution;
using Nas.Store;
using Nas.Strategies;
using Nas.Tests.Strategies;
using Nas.Torch.Controllers;

namespace Nas.Tests.Controllers;

/// <summary>The journal logs controller steps as they happen; the loop saves the state (as the CLI runs them).</summary>
public class StrategyJournalTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nas-journal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A deterministic score of the architecture: the mean option index.
    private static readonly FunctionEvaluator Score = new(a => a.Values.Values.Average(c => c.Index) / 3.0);

    [Fact]
    public async Task Controller_updates_go_to_the_search_log_and_the_state_resumes_the_search()
    {
        var space = TestSpaces.Flat(decisions: 4, options: 3);
        using var store = SqliteExperimentStore.Open(Path.Combine(_dir, "e.db"));
        using var strategy = new ReinforceStrategy(space, 7, new ReinforceOptions(BatchSize: 2));
        using (new StrategyJournal(strategy, store))
            await new ExperimentLoop(strategy, Score, store, seed: 1).RunAsync(Budget.Trials(5));

        var steps = store.Steps("controller");
        Assert.Equal(new long[] { 1, 2 }, steps.Select(s => s.Step));
        var second = JsonDocument.Parse(steps[1].Json).RootElement;
        Assert.Equal(strategy.Steps[1].MeanReward, second.GetProperty("mean_reward").GetDouble(), 12);
        Assert.Equal(strategy.Steps[1].Baseline, second.GetProperty("baseline").GetDouble(), 12);
        Assert.True(second.GetProperty("entropy").GetDouble() > 0);

        // A strategy restored from the stored state proposes what the original proposes next.
        using var resumed = new ReinforceStrategy(space, 7, new ReinforceOptions(BatchSize: 2));
        Assert.True(Coordinator.Restore(resumed, store));
        Assert.Equal(strategy.Ask()!.Architecture, resumed.Ask()!.Architecture);
        Assert.Equal(strategy.Baseline, resumed.Baseline);
    }

    [Fact]
    public async Task Evolution_and_random_search_states_are_saved()
    {
        var space = TestSpaces.Flat(decisions: 3, options: 3);
        using var store = SqliteExperimentStore.Open(Path.Combine(_dir, "v.db"));
        var evolution = new RegularizedEvolution(space, 3, new RegularizedEvolutionOptions(4, 2));
        await new ExperimentLoop(evolution, Score, store, seed: 1).RunAsync(Budget.Trials(1));
        string told = store.Trials().Single().ValidationAccuracy!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(told, Encoding.UTF8.GetString(store.LoadState("evolution")!));

        using var other = SqliteExperimentStore.Open(Path.Combine(_dir, "r.db"));
        await new ExperimentLoop(new RandomSearch(space, 1), Score, other, seed: 1).RunAsync(Budget.Trials(2));
        Assert.Contains("\"Next\":2", Encoding.UTF8.GetString(other.LoadState("random")!));
        Assert.Empty(other.Steps());
    }
}
