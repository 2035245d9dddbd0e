using Nas.Architectures;
using Nas.Evaluation;
using Nas.Execution;
using Nas.Search;
using Nas.Store;
using Nas.Strategies;
using Nas.Strategies.Bananas;
using Nas.Strategies.Local;
using Nas.Strategies.Predictors;
using Nas.Strategies.Tpe;
using Nas.Torch.Surrogates;
using Nas.Verification;

namespace Nas.Tests.Strategies;

public sealed class WarmStartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nas-warmstart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double Score(Architecture a) => a.Space.Decisions.Where(d => !d.IsSubset).Sum(d => a[d.Name].Index == 0 ? 1.0 : 0.0) / 10;

    private static List<PriorResult> Earlier(Nas.Spaces.SearchSpace space, int count, int seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count).Select(_ => ArchitectureSampler.Sample(space, random)).Select(a => new PriorResult(a, Score(a))).ToList();
    }

    [Fact]
    public void Reinforce_learns_from_earlier_results_before_its_first_ask()
    {
        var space = TestSpaces.Flat();
        var options = new Nas.Torch.Controllers.ReinforceOptions(new Nas.Torch.Controllers.ControllerOptions(HiddenSize: 16), LearningRate: 0.03, EntropyWeight: 0.0, BatchSize: 4);
        using var cold = new Nas.Torch.Controllers.ReinforceStrategy(space, 5, options);
        using var warm = new Nas.Torch.Controllers.ReinforceStrategy(space, 5, options);
        var steps = new List<long>();
        warm.StepLogged += (kind, step, _) => steps.Add(step);
        warm.WarmStart(Earlier(space, 202, 3));
        Assert.Equal(50, warm.Steps.Count); // 202 results in batches of 4: 50 updates, 2 wait for this search's first results
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), steps);
        Assert.Equal(2, warm.Waiting);
        double Mean(Nas.Torch.Controllers.ReinforceStrategy s) => Enumerable.Range(0, 200).Average(_ => Score(s.Ask().Architecture));
        double before = Mean(cold), after = Mean(warm);
        Assert.True(after > before + 0.05, $"mean score of 200 samples: warm-started {after:F3}, cold {before:F3}");
    }

    [Fact]
    public void Evolution_starts_with_the_best_earlier_results_as_its_population_and_evolves_at_once()
    {
        var space = TestSpaces.Flat();
        var earlier = Earlier(space, 12, 1);
        var evolution = new RegularizedEvolution(space, 2, new RegularizedEvolutionOptions(4, 2));
        evolution.WarmStart(earlier);
        var best = earlier.OrderByDescending(r => r.Score).Take(4).ToArray();
        Assert.Equal(best.Select(r => r.Score).Order(), evolution.Population.Select(m => m.Score));
        var child = evolution.Ask().Architecture;
        Assert.Contains(best, r => TestSpaces.Differences(r.Architecture, child) == 1);
    }

    [Fact]
    public void Local_search_counts_earlier_results_as_its_starts_and_climbs_from_their_best()
    {
        var space = TestSpaces.Flat();
        var earlier = Earlier(space, 5, 3);
        using var local = new LocalSearch(space, 2, new LocalSearchOptions(Starts: 3));
        local.WarmStart(earlier);
        var best = earlier.MaxBy(r => r.Score)!;
        Assert.Equal(best.Architecture, local.Current!.Architecture);
        var next = local.Ask().Architecture;
        Assert.Equal(1, TestSpaces.Differences(best.Architecture, next));
        Assert.DoesNotContain(earlier, r => r.Architecture.Key == next.Key);
    }

    [Fact]
    public void Tpe_and_bananas_model_earlier_results_from_their_first_ask()
    {
        var space = TestSpaces.Flat();
        var earlier = Earlier(space, 80, 4);
        using var tpe = new TreeParzenEstimator(space, 1);
        tpe.WarmStart(earlier);
        Assert.Equal(80, tpe.Completed);
        var proposals = Enumerable.Range(0, 20).Select(_ => { var p = tpe.Ask(); tpe.Tell(p, Score(p.Architecture)); return Score(p.Architecture); }).ToArray();
        Assert.True(proposals.Average() > earlier.Average(r => r.Score) + 0.2, $"{proposals.Average():F2} against {earlier.Average(r => r.Score):F2}");

        using var bananas = new PredictorGuidedSearch(space, 1, new MlpEnsemble(members: 2, epochs: 20), new PredictorGuidedOptions(BatchSize: 2));
        bananas.WarmStart(earlier);
        bananas.Ask();
        Assert.Single(bananas.Steps);
        Assert.Equal(80, bananas.Steps[0].Trials);
    }

    [Fact]
    public void Screening_pretrains_its_surrogate_on_earlier_results_and_passes_them_on()
    {
        var space = TestSpaces.Flat();
        var earlier = Earlier(space, 15, 5);
        var inner = new RegularizedEvolution(space, 1, new RegularizedEvolutionOptions(5, 2));
        using var screening = new SurrogateScreening(inner, space, new MlpEnsemble(members: 2, epochs: 20), screen: 4, startup: 10);
        screening.WarmStart(earlier);
        screening.Ask();
        Assert.Single(screening.Steps);
        Assert.Equal(15, screening.Steps[0].Trials);
        Assert.Equal(5, inner.Population.Count);
        Assert.Equal(3, screening.ScreenedOut);
    }

    [Fact]
    public void A_search_warm_started_from_an_earlier_search_of_the_same_objective_gets_ahead_sooner()
    {
        // The earlier search: 100 evaluations of TPE on another seed's noise. The new one starts from them.
        var space = SyntheticSpaces.Create("macro");
        double warm = 0, cold = 0;
        for (int seed = 1; seed <= 3; seed++)
        {
            var objective = new SyntheticObjective(space, seed);
            var noise = new SeededRandom(50 + seed);
            using var first = new TreeParzenEstimator(space, 100 + seed);
            var earlier = new List<PriorResult>();
            for (int i = 0; i < 100; i++)
            {
                var p = first.Ask();
                double observed = objective.Observe(p.Architecture, noise);
                first.Tell(p, observed);
                earlier.Add(new PriorResult(p.Architecture, observed));
            }
            using var warmed = new TreeParzenEstimator(space, seed);
            warmed.WarmStart(earlier);
            warm += RegretRun.Run(warmed, objective, 30, 1000 + seed)[^1];
            using var fresh = new TreeParzenEstimator(space, seed);
            cold += RegretRun.Run(fresh, objective, 30, 1000 + seed)[^1];
        }
        Assert.True(warm < 0.8 * cold, $"regret after 30 new evaluations: warm {warm / 3:F3}, cold {cold / 3:F3}");
    }

    [Fact]
    public async Task Reads_an_earlier_experiments_finished_trials_and_refuses_another_space_or_a_missing_one()
    {
        var space = Nas.Spaces.SpaceCatalog.Default.Create("macro", System.Text.Json.JsonDocument.Parse("{}").RootElement);
        string earlier = Path.Combine(_dir, "earlier");
        Directory.CreateDirectory(earlier);
        using (var store = SqliteExperimentStore.Open(Path.Combine(earlier, StorageLocation.FileName)))
        using (var search = new TrialSearch(space, new RandomSearch(space, 1), new FunctionEvaluator(a => a.Values.Count / 100.0), Budget.Trials(6), seed: 1))
            await SearchRunner.RunAsync(search, new SearchSession { Store = store });

        string file = Path.Combine(earlier, StorageLocation.FileName);
        var before = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
        SettingValues Values(string from) => WarmStartSettings.Group.Read(new System.Text.Json.Nodes.JsonObject { ["from"] = from });
        var results = WarmStartSettings.Read(Values(earlier), space)!;
        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.Equal("macro", r.Architecture.Space.Name));
        Assert.Null(WarmStartSettings.Read(WarmStartSettings.Group.Read(null), space));

        var other = Nas.Spaces.SpaceCatalog.Default.Create("residual", System.Text.Json.JsonDocument.Parse("{}").RootElement);
        Assert.Equal("warm_start.from " + earlier + " searched the 'macro' space, not 'residual'",
            Assert.Throws<SettingException>(() => WarmStartSettings.Read(Values(earlier), other)).Message);
        Assert.Contains("no experiment there", Assert.Throws<SettingException>(() => WarmStartSettings.Read(Values(Path.Combine(_dir, "none")), space)).Message);
        Assert.Equal(6, WarmStartSettings.Read(Values(file), space)!.Count);
        // Reading never writes: the earlier experiment's file is unchanged.
        Assert.Equal(before, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
    }

    [SkippableFact]
    public async Task Reads_an_earlier_experiment_kept_in_postgres_by_its_url_and_name()
    {
        Nas.Tests.Core.Store.TestStores.SkipWithoutPostgres();
        var space = Nas.Spaces.SpaceCatalog.Default.Create("macro", System.Text.Json.JsonDocument.Parse("{}").RootElement);
        string name = Nas.Tests.Core.Store.TestStores.NewName();
        string url = Nas.Tests.Core.Store.TestStores.PostgresUrl!;
        using (var store = PostgresExperimentStore.Open(StorageLocation.Parse(url), name))
        using (var search = new TrialSearch(space, new RandomSearch(space, 1), new FunctionEvaluator(a => a.Values.Count / 100.0), Budget.Trials(5), seed: 1))
            await SearchRunner.RunAsync(search, new SearchSession { Store = store });

        SettingValues Values(string? experiment) => WarmStartSettings.Group.Read(new System.Text.Json.Nodes.JsonObject { ["from"] = url, ["experiment"] = experiment });
        Assert.Equal(5, WarmStartSettings.Read(Values(name), space)!.Count);
        Assert.StartsWith("warm_start.experiment is needed to read postgresql://", Assert.Throws<SettingException>(() => WarmStartSettings.Read(Values(null), space)).Message);
        Assert.Contains("no such experiment", Assert.Throws<SettingException>(() => WarmStartSettings.Read(Values(name + "x"), space)).Message);
    }

    [Fact]
    public void A_storage_url_that_cannot_be_used_is_named_as_the_warm_start_setting()
    {
        var space = TestSpaces.Flat();
        SettingValues Values(string from) => WarmStartSettings.Group.Read(new System.Text.Json.Nodes.JsonObject { ["from"] = from });
        Assert.StartsWith("warm_start.from ", Assert.Throws<SettingException>(() => WarmStartSettings.Read(Values("mysql://host/db"), space)).Message);
        Assert.Contains("no experiment there", Assert.Throws<SettingException>(() => WarmStartSettings.Read(Values("sqlite:///" + Path.Combine(_dir, "none.db")), space)).Message);
    }
}
