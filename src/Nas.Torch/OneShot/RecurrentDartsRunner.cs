using System.Diagnostics;
using Nas.OneShot;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Text;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// DARTS over the recurrent DAG cell, first order, as <c>rnn/train_search.py</c>: a language model whose cell
/// is a <see cref="DagSearchCell"/>. Each step takes a training window (variable length, the learning rate
/// scaled by it) and a validation window at the same position: first one Adam step on alpha from the
/// validation loss, then one SGD step on the weights from the training loss (with AR/TAR and clipping).
/// Both hidden states are carried from window to window, detached. Alpha learns on the validation split,
/// as the reference does, so the validation perplexity reported here is a search number; the derived cell
/// is judged by training it again and measuring on the test split.
/// Every window runs in its own dispose scope; the model, alpha and Adam's state are freed at the end.
/// </summary>
public sealed class RecurrentDartsRunner
{
    private readonly RecurrentDartsOptions _o;

    public RecurrentDartsRunner(RecurrentDartsOptions options) => _o = options.Validated();

    public IReadOnlyList<RecurrentDartsEpoch> Run(int tokens, LanguageModelOptions model, int[] train, int[] validation,
        IProgress<RecurrentDartsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var o = _o;
        var w = o.Weights;
        using var runScope = NewDisposeScope();
        if (w.Device.type != DeviceType.CPU)
            throw new NasUserException("one-shot searches run on the CPU only for now (--device cpu)");
        manual_seed(w.Seed);
        using var alpha = new RecurrentArchitectureWeights(o.Nodes, w.Seed);
        using var network = new RecurrentLanguageModel(tokens, model, (i, h, p) => new DagSearchCell(alpha, i, h, p));
        network.to(w.Device);
        var parameters = network.parameters().ToArray();
        using var alphaOptimizer = new AlphaAdam(new[] { alpha.Alpha }, o.AlphaLearningRate, o.AlphaBeta1, o.AlphaBeta2, o.AlphaWeightDecay);
        var trainIds = w.TrainTokens is { } n && n < train.Length ? train[..n] : train;
        using var trainData = TextBatches.Batchify(trainIds, w.BatchSize).to(w.Device);
        using var searchData = TextBatches.Batchify(validation, w.BatchSize).to(w.Device);
        long steps = trainData.shape[0], searchSteps = searchData.shape[0];
        if (steps < 2 || searchSteps < 2)
            throw new NasUserException($"a recurrent DARTS search needs at least 2 rows of {w.BatchSize} tokens in each split (training {trainIds.Length}, validation {validation.Length} tokens): lower --batch-size");
        int nominal = (int)Math.Max(1, (steps - 1 + w.Bptt - 1) / w.Bptt);
        var random = new Random(w.Seed);
        var evaluator = new LanguageModelTrainer(w);
        var records = new List<RecurrentDartsEpoch>();

        for (int epoch = 1; epoch <= w.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            network.train();
            double lossSum = 0;
            long counted = 0;
            int b = 0;
            var state = network.InitialState(w.BatchSize, w.Device);
            var searchState = network.InitialState(w.BatchSize, w.Device);
            var windows = w.VariableLength ? BpttWindows.Variable(steps, w.Bptt, random) : BpttWindows.Fixed(steps, w.Bptt);
            foreach (var window in windows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();

                // Alpha: the validation window at the same position (wrapped), nominal length.
                int start = (int)(window.Start % (searchSteps - 1));
                int length = (int)Math.Min(w.Bptt, searchSteps - 1 - start);
                alphaOptimizer.ZeroGrad();
                var (searchLogits, searchNext) = network.call(searchData.narrow(0, start, length), searchState);
                nn.functional.cross_entropy(searchLogits, searchData.narrow(0, start + 1, length).reshape(-1)).backward();
                alphaOptimizer.Step();
                searchState.Dispose();
                searchState = searchNext.detach().MoveToOuterDisposeScope();

                // Weights: the training window, one step of the language-model recipe.
                double lossValue = LanguageModelTrainer.TrainWindow(network, parameters, trainData, window, ref state, w, "recurrent DARTS search", epoch, b + 1);

                long count = window.Length * (long)w.BatchSize;
                counted += count;
                lossSum += lossValue * count;
                b++;
                progress?.Report(new RecurrentDartsProgress(epoch, w.Epochs, Math.Min(b, nominal), nominal, lossSum / counted));
            }
            state.Dispose();
            searchState.Dispose();
            double trainSeconds = clock.Elapsed.TotalSeconds;
            double validLoss = evaluator.Evaluate(network, validation);
            var p = alpha.Probabilities();
            var record = new RecurrentDartsEpoch
            {
                Epoch = epoch,
                Seconds = clock.Elapsed.TotalSeconds,
                LearningRate = w.LearningRate,
                TokensPerSecond = counted / trainSeconds,
                TrainLoss = lossSum / counted,
                ValidationLoss = validLoss,
                Probabilities = p,
                Entropy = ArchitectureDistribution.Entropy(p),
                Genotype = RecurrentDerivation.Derive(p, o.Nodes),
            };
            records.Add(record);
            progress?.Report(new RecurrentDartsProgress(epoch, w.Epochs, nominal, nominal, record.TrainLoss, record));
        }
        return records;
    }
}
