using Nas.Evaluation;
using Nas.Spaces.Recurrent;
using Nas.Strategies;
using Nas.Torch.Evaluation;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Statistics;
using Nas.Torch.Text;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Recurrent;

public class LanguageModelTests
{
    private static readonly LanguageModelOptions Small = new(Size: 16, EmbeddingDropout: 0, InputDropout: 0.1, HiddenDropout: 0.1, OutputDropout: 0.1);
    private static readonly LanguageTrainingOptions Quick = new() { Epochs = 2, BatchSize = 8, Bptt = 12, LearningRate = 5, Seed = 2 };

    private static TextCorpus Corpus(int trainLines = 300)
    {
        var dir = TinyText.WritePtbLayout(Path.Combine(Path.GetTempPath(), "nas-lm-" + Guid.NewGuid().ToString("N")), trainLines);
        try { return WordCorpusReader.Read(dir); }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_uniform_model_has_the_vocabulary_size_as_perplexity()
    {
        var corpus = Corpus();
        torch.manual_seed(1);
        using var model = new RecurrentLanguageModel(corpus.Vocabulary.Count, Small, RecurrentNetworks.CellOf(PublishedRecurrentGenotypes.DartsV2));
        using (no_grad())
        {
            model.EmbeddingWeight.zero_(); // tied: the decoder weight too, so every logit is the bias
            model.DecoderBias.fill_(0.37);
        }
        double loss = new LanguageModelTrainer(Quick).Evaluate(model, corpus.Test);
        Assert.Equal(corpus.Vocabulary.Count, Math.Exp(loss), 3);
    }

    private static readonly RecurrentGenotype ThreeNodes = new(new[] { new RecurrentStep("tanh", 0), new RecurrentStep("relu", 1), new RecurrentStep("identity", 1) }, new[] { 1, 2, 3 });

    [Fact]
    public void Training_beats_the_uniform_model()
    {
        var corpus = Corpus(trainLines: 150);
        using var oneThread = new SingleThread();
        torch.manual_seed(3);
        using var model = new RecurrentLanguageModel(corpus.Vocabulary.Count, Small, RecurrentNetworks.CellOf(ThreeNodes));
        var result = new LanguageModelTrainer(Quick with { Epochs = 3, BatchSize = 4, Bptt = 10, LearningRate = 20, AverageAfterEpoch = 2 }).Train(model, corpus.Train, corpus.Validation);
        Assert.Equal(2, result.AveragingStartedAfter);
        Assert.True(result.BestValidationPerplexity < corpus.Vocabulary.Count / 2.0, $"validation perplexity {result.BestValidationPerplexity} of {corpus.Vocabulary.Count} tokens");
        Assert.True(result.Epochs[^1].TrainLoss < result.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Temporal_regularisation_smooths_the_outputs_from_step_to_step()
    {
        var corpus = Corpus(trainLines: 100);
        using var oneThread = new SingleThread();
        var change = new List<double>();
        foreach (double tar in new[] { 0.0, 1000.0 })
        {
            torch.manual_seed(3);
            using var model = new RecurrentLanguageModel(corpus.Vocabulary.Count, Small, RecurrentNetworks.CellOf(ThreeNodes));
            new LanguageModelTrainer(Quick with { Epochs = 3, BatchSize = 4, Bptt = 10, LearningRate = 20, TemporalRegularization = tar, Averaging = false }).Train(model, corpus.Train, corpus.Validation);
            model.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var tokens = torch.tensor(corpus.Train.Take(40).Select(t => (long)t).ToArray()).reshape(20, 2);
            var (_, _, raw, _) = model.ForwardWithActivations(tokens, model.InitialState(2));
            change.Add((raw.narrow(0, 1, 19) - raw.narrow(0, 0, 19)).pow(2).mean().item<float>());
        }
        Assert.True(change[1] < 0.5 * change[0], $"mean squared step change: {change[0]:G3} without TAR, {change[1]:G3} with");
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        var corpus = Corpus(trainLines: 100);
        using var oneThread = new SingleThread();
        var runs = new List<LanguageTrainingResult>();
        foreach (int _ in new[] { 0, 1 })
        {
            torch.manual_seed(3);
            using var model = new RecurrentLanguageModel(corpus.Vocabulary.Count, Small with { EmbeddingDropout = 0.1 }, RecurrentNetworks.CellOf(ThreeNodes));
            runs.Add(new LanguageModelTrainer(Quick with { Epochs = 1 }).Train(model, corpus.Train, corpus.Validation));
        }
        Assert.Equal(runs[0].Epochs.Select(e => e.TrainLoss), runs[1].Epochs.Select(e => e.TrainLoss));
        Assert.Equal(runs[0].BestValidationLoss, runs[1].BestValidationLoss);
    }

    [Theory]
    // embedding 10,000 x 850 (the decoder's weight is the same tensor) + decoder bias 10,000
    // + W0 (850 + 850) x (2 x 850) + one (850 x 1700) matrix per step, no biases (DARTS rnn/model.py, DARTSCell)
    [InlineData("DARTS_V1", 10_000 * 850 + 10_000 + 1_700 * 1_700 + 8 * 850 * 1_700)]   // 22,960,000
    [InlineData("DARTS_V2", 10_000 * 850 + 10_000 + 1_700 * 1_700 + 8 * 850 * 1_700)]   // 22,960,000
    [InlineData("ENAS", 10_000 * 850 + 10_000 + 1_700 * 1_700 + 11 * 850 * 1_700)]      // 27,295,000
    public void Published_cells_build_the_ptb_network_with_the_reference_parameter_count(string name, long expected)
    {
        var spec = RecurrentNetworks.Ptb(PublishedRecurrentGenotypes.Find(name)!);
        Assert.Equal(expected, spec.ParameterCount);
    }

    [Theory]
    // Per token: the decoder (10,000 x 850, the tied embedding) + W0 1,700 x 1,700 + one 850 x 1,700 matrix per step;
    // no multiply-adds for the lookup or the biases.
    [InlineData("DARTS_V2", 10_000 * 850 + 1_700 * 1_700 + 8 * 850 * 1_700)]   // 22,950,000
    [InlineData("ENAS", 10_000 * 850 + 1_700 * 1_700 + 11 * 850 * 1_700)]      // 27,285,000
    public void Multiply_adds_per_token_count_each_weight_matrix_once(string name, long expected) =>
        Assert.Equal(expected, RecurrentNetworks.Ptb(PublishedRecurrentGenotypes.Find(name)!).MultiplyAddsPerToken);

    [Fact]
    public void The_lstm_baseline_multiplies_its_four_gates_and_the_decoder_per_token()
    {
        var spec = new RecurrentNetworkSpec(50, Small, RecurrentNetworks.LstmCell);
        Assert.Equal(50 * 16 + 4 * 16 * 16 + 4 * 16 * 16, spec.MultiplyAddsPerToken); // decoder + W_ih + W_hh
    }

    [Fact]
    public void The_lstm_baseline_counts_torch_lstm_parameters()
    {
        using var model = RecurrentNetworks.Build(null, 50, Small);
        // embedding 50 x 16 + bias 50 + LSTM 4 x 16 x (16 + 16) + two biases of 4 x 16
        Assert.Equal(50 * 16 + 50 + 4 * 16 * 32 + 2 * 64, ModelStatistics.Parameters(model));
    }

    [Fact]
    public async Task A_trial_reports_perplexity_as_its_objective_and_leaves_no_live_tensors()
    {
        var corpus = Corpus(trainLines: 60);
        using var oneThread = new SingleThread();
        var evaluator = new LanguageModelEvaluator(corpus, Small, Quick with { Epochs = 1 });
        var dag = RnnDagSpace.Create(new RnnDagSpaceOptions(3));
        var tree = RnnTreeSpace.Create(new RnnTreeSpaceOptions(2));
        await evaluator.EvaluateAsync(ArchitectureSampler.Sample(dag, new Random(1)), new TrialContext(1, 1), CancellationToken.None); // warm-up
        long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 2; i++)
        {
            var space = i == 0 ? dag : tree;
            var metrics = await evaluator.EvaluateAsync(ArchitectureSampler.Sample(space, new Random(i)), new TrialContext(i, i), CancellationToken.None);
            Assert.Equal(Math.Exp(-metrics.ValidationLoss), metrics.ValidationAccuracy, 12);
            Assert.InRange(1 / metrics.ValidationAccuracy, 1, corpus.Vocabulary.Count * 2.0);
            Assert.True(metrics.Parameters > 0);
            var architecture = ArchitectureSampler.Sample(space, new Random(i));
            Assert.Equal((metrics.Parameters, 0L, (double?)null), evaluator.Measure(architecture)); // what a --max-params check sees
        }
        Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
