using Nas.OneShot;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.OneShot;
using Nas.Torch.Text;
using Nas.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Tests.Recurrent;

/// <summary>Second-order DARTS and SNAS over the recurrent DAG cell: the unrolled gradient, and the searches' loops.</summary>
public class RecurrentSecondOrderAndSnasTests
{
    private const double Eta = 0.5;
    private const double WeightDecay = 1e-3;
    private static readonly LanguageModelOptions Small = new(Size: 16, EmbeddingDropout: 0, InputDropout: 0.1, HiddenDropout: 0.1, OutputDropout: 0.1);

    private static RecurrentDartsOptions Quick(OneShotMethod method, int seed = 3) => new()
    {
        Method = method,
        Nodes = 3,
        AlphaLearningRate = 0.03,
        Weights = new LanguageTrainingOptions { Epochs = 2, BatchSize = 8, Bptt = 10, LearningRate = 5, Seed = seed, Averaging = false },
    };

    private static TextCorpus Corpus()
    {
        var dir = TinyText.WritePtbLayout(Path.Combine(Path.GetTempPath(), "nas-rsnas-" + Guid.NewGuid().ToString("N")), trainLines: 80, validLines: 30);
        try { return WordCorpusReader.Read(dir); }
        finally { Directory.Delete(dir, true); }
    }

    private static Tensor Loss(RecurrentLanguageModel model, Tensor x, Tensor y, Tensor state) =>
        nn.functional.cross_entropy(model.call(x, state).Logits, y);

    [Fact]
    public void The_recurrent_second_order_gradient_matches_finite_differences_of_the_unrolled_objective()
    {
        using var oneThread = new SingleThread();
        manual_seed(4);
        using var alpha = new RecurrentArchitectureWeights(3, seed: 2, dtype: ScalarType.Float64);
        using (no_grad()) alpha.Alpha.normal_(0, 0.5); // away from uniform
        // No dropout: the objective must be a function of alpha alone.
        var options = new LanguageModelOptions(Size: 6, EmbeddingDropout: 0, InputDropout: 0, HiddenDropout: 0, OutputDropout: 0);
        using var model = new RecurrentLanguageModel(11, options, (i, h, p) => new DagSearchCell(alpha, i, h, p));
        model.to(ScalarType.Float64);
        model.train();
        var w = model.parameters().ToArray();
        using var scope = NewDisposeScope();
        using var generator = new Generator(9);
        var xt = randint(0, 11, new long[] { 5, 3 }, generator: generator);
        var yt = randint(0, 11, new long[] { 15 }, generator: generator);
        var xv = randint(0, 11, new long[] { 5, 3 }, generator: generator);
        var yv = randint(0, 11, new long[] { 15 }, generator: generator);
        var state = model.InitialState(3, CPU).to(ScalarType.Float64);
        var a = new[] { alpha.Alpha };

        void Gradient(double eta) => UnrolledGradient.Compute(w, a, () => Loss(model, xt, yt, state), () => Loss(model, xv, yv, state),
            eta, WeightDecay, clip: 0, momentum: null, epsilonScale: 1e-6); // a small ε: relu's kinks
        Gradient(Eta);
        var second = alpha.Alpha.grad!.clone();
        Gradient(0); // η = 0: the unrolled step vanishes, leaving the first-order term
        var direct = alpha.Alpha.grad!.clone();

        // f(α) = L_val(w − η(∇w L_train(w, α) + wd·w), α), evaluated directly.
        double Unrolled()
        {
            using var inner = NewDisposeScope();
            var backup = w.Select(p => p.detach().clone()).ToArray();
            foreach (var p in w) p.grad?.zero_();
            Loss(model, xt, yt, state).backward();
            using (no_grad())
                foreach (var p in w) p.sub_(p.grad is { } g ? g.add(p.detach().mul(WeightDecay)).mul(Eta) : p.detach().mul(WeightDecay * Eta));
            double value;
            using (no_grad()) value = Loss(model, xv, yv, state).item<double>();
            using (no_grad()) for (int i = 0; i < w.Length; i++) w[i].copy_(backup[i]);
            return value;
        }

        for (int trial = 0; trial < 3; trial++)
        {
            var d = randn(alpha.Alpha.shape, dtype: ScalarType.Float64, generator: generator);
            const double h = 1e-6;
            double Shifted(double s)
            {
                using (no_grad()) alpha.Alpha.add_(d, alpha: s);
                double f = Unrolled();
                using (no_grad()) alpha.Alpha.add_(d, alpha: -s);
                return f;
            }
            double numeric = (Shifted(h) - Shifted(-h)) / (2 * h);
            double analytic = second.mul(d).sum().item<double>();
            double firstOrder = direct.mul(d).sum().item<double>();
            Assert.True(Math.Abs(numeric - analytic) <= 0.01 * Math.Abs(numeric) + 1e-5 && Math.Abs(numeric - firstOrder) > 5 * Math.Abs(numeric - analytic),
                $"direction {trial}: finite differences {numeric:G6}, second order {analytic:G6}, first order {firstOrder:G6}");
        }
    }

    [Fact]
    public void Clipping_scales_the_unrolled_step_and_the_implicit_term_by_the_clipping_coefficient()
    {
        // A loss whose gradient in w is known: L_train = sum(α)·w·w/2 ... in closed form. With w of norm 4 and clip 1,
        // the step uses the clipped gradient and the implicit term is scaled by c = 1/4.
        using var scope = NewDisposeScope();
        var w = new Parameter(tensor(new[] { 4.0 }));
        var a = new Parameter(tensor(new[] { 1.0 }));
        // L_train(w, α) = α w²/2 → ∇w = α w = 4 (norm 4, c = 0.25 at clip 1); L_val(w, α) = w → v = 1.
        Func<Tensor> train = () => a.mul(w).mul(w).sum().div(2.0.ToScalar());
        Func<Tensor> valid = () => w.sum();
        UnrolledGradient.Compute(new[] { w }, new[] { a }, train, valid, eta: 0.1, weightDecay: 0, clip: 1, momentum: null, epsilonScale: 1e-3);
        // ∇α L_val = 0; ∇²(α,w) L_train · v = w · v = 4; the gradient is −η c · 4 = −0.1.
        Assert.Equal(-0.1, a.grad!.item<double>(), 6);
        Assert.Equal(4.0, w.item<double>(), 12); // the weights are restored
        UnrolledGradient.Compute(new[] { w }, new[] { a }, train, valid, eta: 0.1, weightDecay: 0, clip: 0, momentum: null, epsilonScale: 1e-3);
        Assert.Equal(-0.4, a.grad!.item<double>(), 6);
    }

    [Fact]
    public void Snas_anneals_its_temperature_moves_alpha_scores_the_derived_cell_and_repeats_with_its_seed()
    {
        var corpus = Corpus();
        using var oneThread = new SingleThread();
        RecurrentDartsRunner.Run(Quick(OneShotMethod.Snas) with { Weights = Quick(OneShotMethod.Snas).Weights with { Epochs = 1 } }, corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation); // warm-up
        long baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var snas = RecurrentDartsRunner.Run(Quick(OneShotMethod.Snas), corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation);
        Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        Assert.Equal(new[] { 1.0, 0.03 }, snas.Select(e => Math.Round(e.Temperature, 12)));
        Assert.True(snas[1].TrainLoss < snas[0].TrainLoss, $"train loss {snas[0].TrainLoss} then {snas[1].TrainLoss}");
        double uniform = 6 * Math.Log(5);
        Assert.True(snas[1].Entropy < uniform - 1e-3, $"entropy {snas[1].Entropy} of at most {uniform}");
        Assert.Equal(snas[1].Genotype, RecurrentDerivation.Derive(snas[1].Probabilities, 3));
        Assert.All(snas, e => Assert.InRange(e.ValidationPerplexity, 1, corpus.Vocabulary.Count));

        var again = RecurrentDartsRunner.Run(Quick(OneShotMethod.Snas), corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation);
        Assert.Equal(snas[1].Probabilities, again[1].Probabilities);
        Assert.Equal(snas[1].ValidationLoss, again[1].ValidationLoss);
        var darts = RecurrentDartsRunner.Run(Quick(OneShotMethod.Darts), corpus.Vocabulary.Count, Small, corpus.Train, corpus.Validation);
        Assert.NotEqual(darts[1].Probabilities, snas[1].Probabilities);
        Assert.All(darts, e => Assert.True(double.IsNaN(e.Temperature)));
    }

    [Fact]
    public void A_set_sample_replaces_softmax_of_alpha_and_a_one_hot_sample_ignores_alpha()
    {
        using var oneThread = new SingleThread();
        manual_seed(5);
        using var alpha = new RecurrentArchitectureWeights(2, seed: 1);
        using var cell = new DagSearchCell(alpha, inputSize: 3, hiddenSize: 4, normalize: false);
        cell.eval();
        using var scope = NewDisposeScope();
        var x = randn(4, 2, 3);
        var h = randn(2, 4);
        var (softmaxOut, _) = cell.call(x, h);
        // Node 1 <- 0 tanh, node 2 <- 1 relu, as op weights of the 3 edges.
        alpha.Sample = tensor(new float[] { 0, 1, 0, 0, 0, /**/ 0, 0, 0, 0, 0, /**/ 0, 0, 1, 0, 0 }).reshape(3, 5);
        try
        {
            var (sampled, _) = cell.call(x, h);
            Assert.False(sampled.allclose(softmaxOut, rtol: 1e-3, atol: 1e-4));
            using (no_grad()) alpha.Alpha.normal_(0, 3);
            var (again, _) = cell.call(x, h);
            Assert.True(again.allclose(sampled), "with a sample set, alpha does not change the output");
        }
        finally { alpha.Sample = null; }
        var (afterwards, _) = cell.call(x, h);
        Assert.False(afterwards.allclose(softmaxOut, rtol: 1e-3, atol: 1e-4)); // alpha moved, and is read again
    }
}
