using System.Diagnostics;
using Nas.Evaluation;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Runtime;
using Nas.Torch.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// Trains a <see cref="RecurrentLanguageModel"/> with the recipe of <see cref="LanguageTrainingOptions"/> and
/// measures perplexity. The hidden state is carried from window to window (detached); every window runs in
/// its own dispose scope; the weights it keeps (best validation epoch, averaged when averaging) are copied
/// back into the model at the end.
/// </summary>
public sealed class LanguageModelTrainer
{
    // The exponent of AR and TAR's squares, held for the process (a temporary Scalar may be freed mid-call).
    private static readonly Scalar Two = 2.ToScalar();

    private readonly LanguageTrainingOptions _options;

    /// <param name="options">The recipe; checked (<see cref="ArgumentOutOfRangeException"/> naming the property).</param>
    public LanguageModelTrainer(LanguageTrainingOptions options) => _options = options.Validated();

    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="train"/>, measures <paramref name="validation"/> after every epoch and
    /// leaves the model with the weights of its best epoch. Throws <see cref="TrainingDivergedException"/> on a NaN or infinite loss.
    /// </summary>
    /// <param name="model">The model; moved to the recipe's device.</param>
    /// <param name="train">The training split's token ids.</param>
    /// <param name="validation">The validation split's token ids.</param>
    /// <param name="progress">Gets each epoch as it ends; null for none.</param>
    /// <param name="cancellationToken">Stops the training between windows (<see cref="OperationCanceledException"/>).</param>
    public LanguageTrainingResult Train(RecurrentLanguageModel model, int[] train, int[] validation,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var o = _options;
        Runtime.TorchRuntime.UseThreadsHere();
        model.to(o.Device);
        var parameters = model.parameters().ToArray();
        var trainIds = o.TrainTokens is { } n && n < train.Length ? train[..n] : train;
        using var trainData = TextBatches.Batchify(trainIds, o.BatchSize).to(o.Device);
        using var validData = TextBatches.Batchify(validation, o.EvaluationBatchSize).to(o.Device);
        long steps = trainData.shape[0];
        int nominalBatches = (int)Math.Max(1, (steps - 1 + o.Bptt - 1) / o.Bptt);
        var random = new Random(o.Seed);
        var epochs = new List<EpochMetrics>();
        var total = Stopwatch.StartNew();
        Tensor[]? average = null;
        Tensor[]? best = null;
        long averagedSteps = 0;
        int? averagingAfter = null;
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0;
        var validationLosses = new List<double>();
        try
        {
            for (int epoch = 1; epoch <= o.Epochs; epoch++)
            {
                model.train();
                var clock = Stopwatch.StartNew();
                double lossSum = 0;
                long tokens = 0;
                int b = 0;
                var state = model.InitialState(o.BatchSize, o.Device);
                var windows = o.VariableLength ? BpttWindows.Variable(steps, o.Bptt, random) : BpttWindows.Fixed(steps, o.Bptt);
                foreach (var window in windows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    double lossValue = TrainWindow(model, parameters, trainData, window, ref state, o, "training", epoch, b + 1);
                    if (average is not null) Accumulate(average, parameters, ++averagedSteps);

                    long count = window.Length * (long)o.BatchSize;
                    tokens += count;
                    lossSum += lossValue * count;
                    b++;
                    if (progress is not null && b % 20 == 0)
                        progress.Report(new TrainingProgress(epoch, o.Epochs, Math.Min(b, nominalBatches), nominalBatches, lossSum / tokens, Math.Exp(-lossSum / tokens), tokens / clock.Elapsed.TotalSeconds));
                }
                state.Dispose();
                double trainSeconds = clock.Elapsed.TotalSeconds;
                double validLoss = average is null ? Evaluate(model, validData) : WithWeights(parameters, average, () => Evaluate(model, validData));
                if (validLoss < bestLoss)
                {
                    bestLoss = validLoss;
                    bestEpoch = epoch;
                    Release(best);
                    best = Copy(average ?? parameters);
                }
                if (o.Averaging && average is null &&
                    (o.AverageAfterEpoch > 0 ? epoch >= o.AverageAfterEpoch
                        : validationLosses.Count > o.Nonmono && validLoss > validationLosses.Take(validationLosses.Count - o.Nonmono).Min()))
                {
                    average = Copy(parameters);
                    averagedSteps = 1;
                    averagingAfter = epoch;
                }
                validationLosses.Add(validLoss);
                double trainLoss = lossSum / tokens;
                var metrics = new EpochMetrics(epoch, trainLoss, Math.Exp(-trainLoss), validLoss, Math.Exp(-validLoss), clock.Elapsed.TotalSeconds, tokens / trainSeconds);
                epochs.Add(metrics);
                progress?.Report(new TrainingProgress(epoch, o.Epochs, nominalBatches, nominalBatches, trainLoss, Math.Exp(-trainLoss), metrics.ImagesPerSecond, metrics));
            }
            if (best is not null) Load(parameters, best);
            return new LanguageTrainingResult(epochs, bestLoss, bestEpoch, averagingAfter, total.Elapsed.TotalSeconds);
        }
        finally
        {
            Release(average);
            Release(best);
        }
    }

    /// <summary>Mean cross-entropy (nats per token) over a token stream, in eval mode, fixed windows, state carried.</summary>
    /// <param name="model">The model; left in eval mode.</param>
    /// <param name="ids">The token ids, in order.</param>
    public double Evaluate(RecurrentLanguageModel model, int[] ids)
    {
        using var data = TextBatches.Batchify(ids, _options.EvaluationBatchSize).to(_options.Device);
        return Evaluate(model, data);
    }

    private double Evaluate(RecurrentLanguageModel model, Tensor data)
    {
        model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long tokens = 0;
        var state = model.InitialState(data.shape[1], _options.Device);
        foreach (var window in BpttWindows.Fixed(data.shape[0], _options.Bptt))
        {
            using var scope = NewDisposeScope();
            var x = data.narrow(0, window.Start, window.Length);
            var y = data.narrow(0, window.Start + 1, window.Length).reshape(-1);
            var (logits, next) = model.call(x, state);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            tokens += y.shape[0];
            state.Dispose();
            state = next.MoveToOuterDisposeScope();
        }
        state.Dispose();
        return lossSum / tokens;
    }

    /// <summary>
    /// The training windows of epoch <paramref name="epoch"/> of a search over <paramref name="steps"/> rows: variable
    /// lengths drawn from a generator seeded by (seed, epoch) alone, so a resumed epoch cuts the same windows; or fixed.
    /// </summary>
    internal static IEnumerable<BpttWindows.Window> EpochWindows(long steps, LanguageTrainingOptions o, int epoch) =>
        o.VariableLength ? BpttWindows.Variable(steps, o.Bptt, new Random(Data.Permutation.Mix(o.Seed, epoch))) : BpttWindows.Fixed(steps, o.Bptt);

    /// <summary>
    /// One step of the recipe on a training window, inside the caller's dispose scope: forward from
    /// <paramref name="state"/>, cross-entropy plus AR/TAR, clipping, SGD at the rate scaled by the window's
    /// length; <paramref name="state"/> becomes the next one (detached, moved out of the scope). Returns the
    /// loss without the regularisers; throws <see cref="TrainingDivergedException"/> ("{what} diverged") on a
    /// non-finite one.
    /// </summary>
    internal static double TrainWindow(RecurrentLanguageModel model, TorchSharp.Modules.Parameter[] parameters, Tensor data, BpttWindows.Window window,
        ref Tensor state, LanguageTrainingOptions o, string what, int epoch, int index)
    {
        var x = data.narrow(0, window.Start, window.Length);
        var y = data.narrow(0, window.Start + 1, window.Length).reshape(-1);
        model.zero_grad();
        var (logits, next, raw, dropped) = model.ForwardWithActivations(x, state);
        var loss = nn.functional.cross_entropy(logits, y);
        double lossValue = loss.item<float>();
        if (!double.IsFinite(lossValue))
            throw new TrainingDivergedException($"{what} diverged: loss is {lossValue} at epoch {epoch}, window {index}");
        Objective(loss, raw, dropped, o).backward();
        if (o.GradientClip > 0) nn.utils.clip_grad_norm_(parameters, o.GradientClip);
        Step(parameters, o.LearningRate * (o.VariableLength ? BpttWindows.LearningRateScale(window, o.Bptt) : 1.0), o.WeightDecay);
        state.Dispose();
        state = next.detach().MoveToOuterDisposeScope();
        return lossValue;
    }

    /// <summary>The loss plus AR on the dropped-out outputs and TAR on the raw outputs, as the options weigh them.</summary>
    private static Tensor Objective(Tensor loss, Tensor raw, Tensor dropped, LanguageTrainingOptions o)
    {
        // Scalars held to the end of the method: a temporary one may be freed while libtorch reads it.
        using var ar = o.ActivationRegularization.ToScalar();
        using var tar = o.TemporalRegularization.ToScalar();
        var objective = loss;
        if (o.ActivationRegularization > 0) objective = objective.add(dropped.pow(Two).mean().mul(ar), HeldScalars.One);
        if (o.TemporalRegularization > 0 && raw.shape[0] > 1)
            objective = objective.add(raw.narrow(0, 1, raw.shape[0] - 1).sub(raw.narrow(0, 0, raw.shape[0] - 1)).pow(Two).mean().mul(tar), HeldScalars.One);
        return objective;
    }

    /// <summary>Plain SGD with decoupled weight decay, from the parameters' gradients.</summary>
    private static void Step(Tensor[] parameters, double learningRate, double weightDecay)
    {
        using var noGrad = no_grad();
        // Scalars held to the end: a temporary one may be finalized while the native call reads it.
        using var decay = (1 - learningRate * weightDecay).ToScalar();
        using var step = (-learningRate).ToScalar();
        foreach (var p in parameters)
        {
            using var grad = p.grad;
            if (grad is null) continue;
            if (weightDecay > 0) p.mul_(decay);
            p.add_(grad, alpha: step);
        }
    }

    private static void Accumulate(Tensor[] average, Tensor[] parameters, long count)
    {
        using var noGrad = no_grad();
        using var rate = (1.0 / count).ToScalar();
        for (int i = 0; i < average.Length; i++)
            average[i].add_(parameters[i] - average[i], alpha: rate);
    }

    private static T WithWeights<T>(Tensor[] parameters, Tensor[] weights, Func<T> body)
    {
        var saved = Copy(parameters);
        try
        {
            Load(parameters, weights);
            return body();
        }
        finally
        {
            Load(parameters, saved);
            Release(saved);
        }
    }

    private static Tensor[] Copy(Tensor[] tensors)
    {
        using var noGrad = no_grad();
        return tensors.Select(t => t.detach().clone().DetachFromDisposeScope()).ToArray();
    }

    private static void Load(Tensor[] parameters, Tensor[] values)
    {
        using var noGrad = no_grad();
        for (int i = 0; i < parameters.Length; i++) parameters[i].copy_(values[i]);
    }

    private static void Release(Tensor[]? tensors)
    {
        if (tensors is null) return;
        foreach (var t in tensors) t.Dispose();
    }
}
