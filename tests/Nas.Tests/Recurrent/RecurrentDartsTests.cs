using Nas.OneShot;
using Nas.Spaces.Recurrent;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.OneShot;
using Nas.Torch.Text;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Recurrent;

/// <summary>DARTS over the recurrent DAG cell: the edge layout and derivation, the mixed cell, and the search loop.</summary>
public class RecurrentDartsTests
{
    private static readonly LanguageModelOptions Small = new(Size: 16, EmbeddingDropout: 0, InputDropout: 0.1, HiddenDropout: 0.1, OutputDropout: 0.1);

    private static RecurrentDartsOptions Quick(int seed = 3) => new()
    {
        Nodes = 3,
        AlphaLearningRate = 0.03,
        Weights = new LanguageTrainingOptions { Epochs = 2, BatchSize = 8, Bptt = 10, LearningRate = 5, Seed = seed, Averaging = false },
    };

    private static TextCorpus Corpus()
    {
        var dir = TinyText.WritePtbLayout(Path.Combine(Path.GetTempPath(), "nas-rdarts-" + Guid.NewGuid().ToString("N")), trainLines: 80, validLines: 30);
        try { return WordCorpusReader.Read(dir); }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Edges_run_node_by_node_and_derivation_takes_the_strongest_non_none_op()
    {
        Assert.Equal(new[] { "none", "tanh", "relu", "sigmoid", "identity" }, RecurrentDerivation.Ops);
        Assert.Equal(36, RecurrentDerivation.Edges(8));
        Assert.Equal(new[] { 0, 1, 3, 6 }, new[] { 1, 2, 3, 4 }.Select(RecurrentDerivation.FirstEdge));

        // rows: node 1 <- 0 | node 2 <- 0, 1 | node 3 <- 0, 1, 2
        double[][] p =
        {
            new[] { 0.9, 0.02, 0.05, 0.02, 0.01 },  // none is strongest, yet node 1 takes relu
            new[] { 0.1, 0.3, 0.2, 0.2, 0.2 },
            new[] { 0.2, 0.1, 0.1, 0.1, 0.5 },     // node 2: identity from node 1 (0.5 > 0.3)
            new[] { 0.6, 0.1, 0.1, 0.1, 0.1 },
            new[] { 0.2, 0.2, 0.2, 0.4, 0.0 },     // node 3: sigmoid from node 1 ...
            new[] { 0.2, 0.2, 0.2, 0.4, 0.0 },     // ... the tie goes to the earlier node
        };
        var genotype = RecurrentDerivation.Derive(p, 3);
        Assert.Equal(new[] { new RecurrentStep("relu", 0), new RecurrentStep("identity", 1), new RecurrentStep("sigmoid", 1) }, genotype.Steps);
        Assert.Equal(new[] { 1, 2, 3 }, genotype.Concat);
        Assert.Throws<ArgumentException>(() => RecurrentDerivation.Derive(p, 2));
    }

    [Fact]
    public void With_one_hot_alpha_the_search_cell_computes_the_fixed_cell_of_that_genotype()
    {
        var genotype = new RecurrentGenotype(new[] { new RecurrentStep("tanh", 0), new RecurrentStep("relu", 1), new RecurrentStep("sigmoid", 0) }, new[] { 1, 2, 3 });
        manual_seed(5);
        using var alpha = new RecurrentArchitectureWeights(3, seed: 1);
        var logits = new float[RecurrentDerivation.Edges(3) * RecurrentDerivation.Ops.Count];
        for (int i = 1; i <= 3; i++)
            for (int j = 0; j < i; j++)
            {
                int row = RecurrentDerivation.FirstEdge(i) + j;
                var step = genotype.Steps[i - 1];
                int hot = step.Input == j ? RecurrentDerivation.Ops.ToList().IndexOf(step.Activation) : 0; // other edges: none
                for (int k = 0; k < RecurrentDerivation.Ops.Count; k++) logits[row * RecurrentDerivation.Ops.Count + k] = k == hot ? 30 : -30;
            }
        using (no_grad())
        using (var values = tensor(logits).reshape(alpha.Alpha.shape)) alpha.Alpha.copy_(values);

        using var search = new DagSearchCell(alpha, inputSize: 3, hiddenSize: 4, normalize: false);
        using var fixedCell = new DagCell(genotype, inputSize: 3, hiddenSize: 4);
        using (no_grad())
            foreach (var name in new[] { "w0", "ws" })
                fixedCell.named_parameters().Single(p => p.name == name).parameter.copy_(search.named_parameters().Single(p => p.name == name).parameter);
        search.eval();
        fixedCell.eval();
        using var scope = NewDisposeScope();
        var x = randn(5, 2, 3);
        var h = randn(2, 4);
        var (a, ha) = search.call(x, h);
        var (b, hb) = fixedCell.call(x, h);
        Assert.True(a.allclose(b, rtol: 1e-5, atol: 1e-6), $"max difference {(a - b).abs().max().item<float>()}");
        Assert.True(ha.allclose(hb, rtol: 1e-5, atol: 1e-6));

        // Moving weight off the genotype's edges changes the output: the mixture is live.
        using (no_grad()) alpha.Alpha.zero_();
        var (c, _) = search.call(x, h);
        Assert.False(c.allclose(b, rtol: 1e-3, atol: 1e-4));
    }

    [Fact]
    public void The_search_moves_alpha_derives_a_cell_repeats_with_its_seed_and_leaves_no_live_tensors()
    {
        var corpus = Corpus();
        using var oneThread = new SingleThread();
        RecurrentDartsRunner.Run(Quick() with { Weights = Quick().Weights with { Epochs = 1 } }, corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation); // warm-up
        long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var first = RecurrentDartsRunner.Run(Quick(), corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation);
        Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        Assert.Equal(2, first.Count);
        Assert.All(first, e => Assert.InRange(e.ValidationPerplexity, 1, corpus.Vocabulary.Count));
        Assert.True(first[1].TrainLoss < first[0].TrainLoss, $"train loss {first[0].TrainLoss} then {first[1].TrainLoss}");
        // Alpha starts within 1e-3 of uniform (entropy 6 edges x ln 5); Adam at lr 0.03 moves it well away.
        double uniform = 6 * Math.Log(5);
        Assert.True(first[1].Entropy < uniform - 1e-3, $"entropy {first[1].Entropy} of at most {uniform}");
        Assert.Contains(first[0].Probabilities.Zip(first[1].Probabilities), r => r.First.Zip(r.Second).Any(z => Math.Abs(z.First - z.Second) > 1e-3));
        Assert.Equal(3, first[1].Genotype.Steps.Length);
        Assert.Equal(new[] { 1, 2, 3 }, first[1].Genotype.Concat);
        Assert.Equal(first[1].Genotype, RecurrentDerivation.Derive(first[1].Probabilities, 3));

        var again = RecurrentDartsRunner.Run(Quick(), corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation);
        Assert.Equal(first[1].Probabilities, again[1].Probabilities);
        Assert.Equal(first[1].ValidationLoss, again[1].ValidationLoss);
        var other = RecurrentDartsRunner.Run(Quick(seed: 4), corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation);
        Assert.NotEqual(first[1].ValidationLoss, other[1].ValidationLoss);
    }

    [Fact]
    public void Bad_options_name_the_property()
    {
        Assert.Equal(nameof(RecurrentDartsOptions.Nodes), Assert.Throws<ArgumentOutOfRangeException>(() => (Quick() with { Nodes = 33 }).Validated()).ParamName);
        Assert.Equal(nameof(RecurrentDartsOptions.AlphaLearningRate), Assert.Throws<ArgumentOutOfRangeException>(() => (Quick() with { AlphaLearningRate = 0 }).Validated()).ParamName);
        Assert.Equal(nameof(RecurrentDartsOptions.AlphaWeightDecay), Assert.Throws<ArgumentOutOfRangeException>(() => (Quick() with { AlphaWeightDecay = -1 }).Validated()).ParamName);
        var weights = Quick().Weights;
        Assert.Equal(nameof(LanguageTrainingOptions.Bptt), Assert.Throws<ArgumentOutOfRangeException>(() => (Quick() with { Weights = weights with { Bptt = 1 } }).Validated()).ParamName);
        foreach (var (bad, property) in new[]
        {
            (weights with { Epochs = 0 }, nameof(LanguageTrainingOptions.Epochs)),
            (weights with { BatchSize = 0 }, nameof(LanguageTrainingOptions.BatchSize)),
            (weights with { EvaluationBatchSize = 0 }, nameof(LanguageTrainingOptions.EvaluationBatchSize)),
            (weights with { LearningRate = 0 }, nameof(LanguageTrainingOptions.LearningRate)),
            (weights with { WeightDecay = -1 }, nameof(LanguageTrainingOptions.WeightDecay)),
            (weights with { GradientClip = -1 }, nameof(LanguageTrainingOptions.GradientClip)),
            (weights with { AverageAfterEpoch = -1 }, nameof(LanguageTrainingOptions.AverageAfterEpoch)),
            (weights with { Nonmono = 0 }, nameof(LanguageTrainingOptions.Nonmono)),
            (weights with { ActivationRegularization = -1 }, nameof(LanguageTrainingOptions.ActivationRegularization)),
            (weights with { TemporalRegularization = -1 }, nameof(LanguageTrainingOptions.TemporalRegularization)),
        })
            Assert.Equal(property, Assert.Throws<ArgumentOutOfRangeException>(() => bad.Validated()).ParamName);
        Assert.Same(weights, weights.Validated());
        foreach (var (bad, property) in new[]
        {
            (Small with { Size = 0 }, nameof(LanguageModelOptions.Size)),
            (Small with { Layers = 9 }, nameof(LanguageModelOptions.Layers)),
            (Small with { EmbeddingDropout = 1 }, nameof(LanguageModelOptions.EmbeddingDropout)),
            (Small with { InputDropout = -0.1 }, nameof(LanguageModelOptions.InputDropout)),
            (Small with { HiddenDropout = double.NaN }, nameof(LanguageModelOptions.HiddenDropout)),
            (Small with { OutputDropout = 1.5 }, nameof(LanguageModelOptions.OutputDropout)),
        })
            Assert.Equal(property, Assert.Throws<ArgumentOutOfRangeException>(() => bad.Validated()).ParamName);
        Assert.Same(Small, Small.Validated());
    }

    [Fact]
    public void A_device_other_than_the_cpu_is_refused_naming_the_options()
    {
        var corpus = Corpus();
        var cuda = Quick() with { Weights = Quick().Weights with { Device = new Device(DeviceType.CUDA, 0) } };
        var e = Assert.Throws<ArgumentException>(() => new RecurrentDartsRunner(cuda, corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation));
        Assert.Equal("options", e.ParamName);
    }
}
