using System.Text.Json;
using Nas.Architectures;
using Nas.Strategies;
using Nas.Strategies.Bananas;
using Nas.Strategies.Predictors;
using Nas.Tests.Strategies;
using Nas.Torch.Surrogates;

namespace Nas.Tests.Surrogates;

public sealed class PredictorGuidedSearchTests
{
    private static double Score(Architecture a) => a.Space.Decisions.Where(d => !d.IsSubset).Sum(d => a[d.Name].Index) / 100.0;

    /// <summary>A predictor that knows the objective (from the features) or says the opposite; counts its fits.</summary>
    private sealed class Oracle(ArchitectureEncoding encoding, bool inverted = false) : IAccuracyPredictor
    {
        public int Fits { get; private set; }
        public int LastRows { get; private set; }

        public void Fit(IReadOnlyList<double[]> features, IReadOnlyList<double> scores, int seed) => (Fits, LastRows) = (Fits + 1, features.Count);

        public IReadOnlyList<ScorePrediction> Predict(IReadOnlyList<double[]> features) =>
            features.Select(f => new ScorePrediction((inverted ? -1 : 1) * Value(f), 0)).ToArray();

        // Decodes the one-hot row back into option indices of the categorical decisions.
        private double Value(double[] f)
        {
            double sum = 0;
            int offset = 0;
            for (int i = 0; i < encoding.Count; i++)
            {
                int states = encoding.StatesOf(i);
                for (int s = 0; s < states; s++) if (f[offset + s] == 1 && encoding.OptionOf(i) < 0) sum += s;
                offset += states + 1;
            }
            return sum / 100.0;
        }
    }

    [Fact]
    public void After_the_random_start_it_proposes_the_predictors_best_children_of_the_best_trials()
    {
        var space = TestSpaces.Flat(decisions: 8, options: 4);
        var oracle = new Oracle(new ArchitectureEncoding(space));
        using var search = new PredictorGuidedSearch(space, 1, oracle, new PredictorGuidedOptions(Startup: 6, Candidates: 40, Parents: 3, BatchSize: 4, Thompson: false));
        var told = new List<Proposal>();
        for (int i = 0; i < 6; i++) { var p = search.Ask(); search.Tell(p, Score(p.Architecture)); told.Add(p); }
        Assert.Equal(0, oracle.Fits);
        var parents = told.OrderByDescending(p => Score(p.Architecture)).Take(3).Select(p => p.Architecture).ToArray();
        var batch = Enumerable.Range(0, 4).Select(_ => search.Ask()).ToArray();
        Assert.Equal(1, oracle.Fits);
        Assert.Equal(6, oracle.LastRows);
        Assert.All(batch, p => Assert.Contains(parents, parent => TestSpaces.Differences(parent, p.Architecture) == 1));
        // Mean plus a spread of 0: the four are the best children by the oracle, best first, none a parent.
        var scores = batch.Select(p => Score(p.Architecture)).ToArray();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        Assert.True(scores.Min() >= parents.Max(Score) - 0.03 - 1e-9);
        foreach (var p in batch) search.Tell(p, Score(p.Architecture));
        search.Ask();
        Assert.Equal(2, oracle.Fits);
        Assert.Equal(10, oracle.LastRows);
    }

    [Fact]
    public void Logs_how_well_each_fit_ranked_the_trials_it_chose_once_they_were_scored()
    {
        var space = TestSpaces.Flat(decisions: 8, options: 4);
        foreach (bool inverted in new[] { false, true })
        {
            using var search = new PredictorGuidedSearch(space, 2, new Oracle(new ArchitectureEncoding(space), inverted),
                new PredictorGuidedOptions(Startup: 4, Candidates: 30, Parents: 4, BatchSize: 6, Thompson: false));
            var logged = new List<(string Kind, long Step, string Json)>();
            search.StepLogged += (kind, step, json) => logged.Add((kind, step, json));
            for (int i = 0; i < 4 + 6 + 1; i++) { var p = search.Ask(); search.Tell(p, Score(p.Architecture)); }
            var steps = search.Steps;
            Assert.Equal(2, steps.Count);
            Assert.Equal(0, steps[0].HeldOut);
            Assert.True(double.IsNaN(steps[0].Kendall));
            Assert.Equal(6, steps[1].HeldOut);
            Assert.Equal(inverted ? -1.0 : 1.0, steps[1].Kendall, 9);
            Assert.Equal(2, logged.Count);
            Assert.Equal(("predictor", 2L), (logged[1].Kind, logged[1].Step));
            using var doc = JsonDocument.Parse(logged[1].Json);
            Assert.Equal(inverted ? -1.0 : 1.0, doc.RootElement.GetProperty("kendall").GetDouble(), 9);
            Assert.False(JsonDocument.Parse(logged[0].Json).RootElement.TryGetProperty("kendall", out _));
        }
    }

    [Fact]
    public void A_resumed_search_proposes_what_the_unbroken_one_did()
    {
        var space = TestSpaces.FlatWithSubset();
        var options = new PredictorGuidedOptions(Startup: 5, Candidates: 20, Parents: 3, BatchSize: 3);
        List<string> Run(IStrategy s, int n)
        {
            var keys = new List<string>();
            for (int i = 0; i < n; i++) { var p = s.Ask(); keys.Add(p.Architecture.Key); s.Tell(p, Score(p.Architecture)); }
            return keys;
        }
        using var unbroken = new PredictorGuidedSearch(space, 4, new MlpEnsemble(members: 2, epochs: 10), options);
        var reference = Run(unbroken, 20);

        using var first = new PredictorGuidedSearch(space, 4, new MlpEnsemble(members: 2, epochs: 10), options);
        var head = Run(first, 7);
        var outstanding = first.Ask();
        using var second = new PredictorGuidedSearch(space, 4, new MlpEnsemble(members: 2, epochs: 10), options);
        second.ImportState(first.ExportState());
        Assert.Equal(first.ExportState(), second.ExportState());
        second.Tell(outstanding, Score(outstanding.Architecture));
        var tail = Run(second, 12);
        Assert.Equal(reference, head.Append(outstanding.Architecture.Key).Concat(tail));
        Assert.Equal(unbroken.Steps[^1], second.Steps[^1]);

        Assert.Contains("settings", Assert.Throws<NasUserException>(() =>
            new PredictorGuidedSearch(space, 4, new MlpEnsemble(), new PredictorGuidedOptions()).ImportState(first.ExportState())).Message);
    }

    [Fact]
    public void Failed_trials_are_not_fitted()
    {
        var space = TestSpaces.Flat(decisions: 4, options: 3);
        var oracle = new Oracle(new ArchitectureEncoding(space));
        using var search = new PredictorGuidedSearch(space, 1, oracle, new PredictorGuidedOptions(Startup: 3, Candidates: 5, BatchSize: 2));
        var a = search.Ask();
        search.Tell(a, TrialOutcome.Failed("boom"));
        for (int i = 0; i < 3; i++) { var p = search.Ask(); search.Tell(p, Score(p.Architecture)); }
        search.Ask();
        Assert.Equal(3, oracle.LastRows);
        Assert.Equal(1, search.Failed);
    }
}
