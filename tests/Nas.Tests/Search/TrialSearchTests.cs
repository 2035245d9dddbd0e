using Nas.Architectures;
using Nas.Evaluation;
using Nas.Execution;
using Nas.Search;
using Nas.Store;
using Nas.Strategies;
using Nas.Tests.Strategies;

namespace Nas.Tests.Search;

/// <summary>A multi-trial search run through <see cref="SearchRunner"/> on a closed-form objective: no tensors.</summary>
public class TrialSearchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nas-trialsearch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double Score(Architecture a) => a.Values.Values.Sum(c => c.Indices.Sum() + 1) / 100.0;

    private static TrialSearch Search(int trials, Func<Architecture, double>? objective = null)
    {
        var space = TestSpaces.Dependent();
        return new TrialSearch(space, new RegularizedEvolution(space, 3, new RegularizedEvolutionOptions(4, 2)), new FunctionEvaluator(objective ?? Score), Budget.Trials(trials), seed: 3);
    }

    [Fact]
    public async Task Records_its_configuration_runs_the_budget_and_writes_the_best()
    {
        using var store = SqliteExperimentStore.InMemory();
        using var search = Search(8);
        var result = await SearchRunner.RunAsync(search, new SearchSession { Store = store, Directory = _dir });
        Assert.Equal(8, store.Trials().Count);
        Assert.Equal(8, result.Trials!.Completed);
        var best = store.Trials().MaxBy(t => t.ValidationAccuracy)!;
        Assert.Equal(best.Id, result.BestTrial);
        Assert.Equal(Path.Combine(_dir, "best.json"), Assert.Single(result.Written));
        Assert.Equal(result.Best, Architecture.FromJson(File.ReadAllText(result.Written[0]), Catalog()));
        Assert.Equal("evolution", SearchRunner.Recorded(store).Method);
        Assert.Contains("\"trials\": 8", store.LoadConfiguration());

        // A second new search in the same store is refused and changes nothing.
        using var again = Search(8);
        await Assert.ThrowsAsync<ExperimentInUseException>(() => SearchRunner.RunAsync(again, new SearchSession { Store = store }));
        Assert.Equal(8, store.Trials().Count);
    }

    [Fact]
    public async Task An_evaluator_that_returns_nan_fails_its_trial_and_the_search_goes_on()
    {
        using var store = SqliteExperimentStore.InMemory();
        int calls = 0;
        using var search = Search(6, a => ++calls % 2 == 0 ? double.NaN : Score(a));
        var result = await SearchRunner.RunAsync(search, new SearchSession { Store = store });
        Assert.Equal(3, result.Trials!.Failed);
        Assert.Equal(3, result.Trials.Completed);
        Assert.All(store.Trials().Where(t => t.Status == TrialStatus.Failed), t => Assert.Contains("NaN", t.Error));
        Assert.NotNull(result.Best);
    }

    [Fact]
    public async Task Resuming_with_a_larger_budget_continues_to_the_trials_of_an_unbroken_run()
    {
        using var unbroken = SqliteExperimentStore.InMemory();
        using (var s = Search(10)) await SearchRunner.RunAsync(s, new SearchSession { Store = unbroken });

        using var store = SqliteExperimentStore.InMemory();
        using (var s = Search(4)) await SearchRunner.RunAsync(s, new SearchSession { Store = store });
        using (var s = Search(10)) await SearchRunner.RunAsync(s, new SearchSession { Store = store, Resume = true });
        Assert.Equal(unbroken.Trials().Select(t => t.ArchitectureJson), store.Trials().Select(t => t.ArchitectureJson));
        Assert.Contains("\"trials\": 10", store.LoadConfiguration());
    }

    [Theory]
    [InlineData("local", """{"starts": 3}""")]
    [InlineData("tpe", """{"startup": 3}""")]
    [InlineData("evolution", null)]
    public async Task Every_strategy_of_the_catalog_resumes_to_the_trials_of_an_unbroken_run(string name, string? settings)
    {
        TrialSearch Build(int trials)
        {
            // A catalog space: the best trial may come from before the resume, and is then read back by its space's name.
            var space = Nas.Spaces.SpaceCatalog.Default.Create("macro", System.Text.Json.JsonDocument.Parse("{}").RootElement);
            var registration = StrategyCatalog.Default.Find(name)!;
            var values = registration.Group.Read(settings is null ? null : System.Text.Json.Nodes.JsonNode.Parse(settings)!.AsObject());
            var budget = Budget.Trials(trials);
            var strategy = registration.Create(new StrategyContext(space, 5, values, budget, new List<SearchWarning>()));
            return new TrialSearch(space, strategy, new FunctionEvaluator(Score), budget, seed: 5);
        }
        using var unbroken = SqliteExperimentStore.InMemory();
        using (var s = Build(12)) await SearchRunner.RunAsync(s, new SearchSession { Store = unbroken });

        using var store = SqliteExperimentStore.InMemory();
        using (var s = Build(5)) await SearchRunner.RunAsync(s, new SearchSession { Store = store });
        using (var s = Build(12)) await SearchRunner.RunAsync(s, new SearchSession { Store = store, Resume = true });
        Assert.Equal(unbroken.Trials().Select(t => t.ArchitectureJson), store.Trials().Select(t => t.ArchitectureJson));
        Assert.Equal(12, store.Trials().Count);
    }

    private static Nas.Spaces.SpaceCatalog Catalog()
    {
        var catalog = new Nas.Spaces.SpaceCatalog();
        catalog.Register(TestSpaces.Dependent().Name, _ => TestSpaces.Dependent());
        return catalog;
    }
}
