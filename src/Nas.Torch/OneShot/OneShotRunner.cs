using System.Diagnostics;
using Nas.OneShot;
using Nas.Spaces.Cells;
using Nas.Torch.Data;
using Nas.Torch.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// Runs a differentiable search over the DARTS cell space and returns one <see cref="OneShotEpoch"/> per
/// epoch. DARTS splits the training set in halves: the weights learn on the first, alpha on the second
/// (one batch of each per step, alpha first). SNAS updates weights and alpha together on each batch of
/// the whole training set, through a Gumbel-softmax sample, with the resource penalty added to the loss.
/// Every batch runs in its own dispose scope; the supernet, alpha and optimiser state live for the run
/// and are freed at its end, so only plain numbers come out.
/// </summary>
public sealed class OneShotRunner
{
    private readonly OneShotOptions _o;

    public OneShotRunner(OneShotOptions options) => _o = options.Validated();

    /// <summary>Searches on <paramref name="train"/>, measuring on <paramref name="validation"/> after every epoch.</summary>
    public IReadOnlyList<OneShotEpoch> Run(ImageDataset train, ImageDataset validation, IProgress<OneShotProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var o = _o;
        bool snas = o.Method == OneShotMethod.Snas;
        if (!snas && train.Count < 2) throw new NasUserException("a DARTS search needs at least 2 training examples (the set is split in halves)");
        // Everything this run creates is freed at its end, including the tensors a library helper leaves
        // live outside a scope; the long-lived state (alpha, momentum, Adam) is detached and freed by its owner.
        using var runScope = NewDisposeScope();
        manual_seed(o.Seed);
        using var network = new Supernet(OpRegistry.Darts, o.Channels, o.Layers, train.Classes, train.Channels, o.Nodes, o.Multiplier, o.StemMultiplier);
        network.to(o.Device);
        using var alpha = new ArchitectureWeights(network.EdgeCount, network.Registry.Names.Length, o.Seed);
        if (o.Device.type != DeviceType.CPU)
            throw new NasUserException("one-shot searches run on the CPU only for now (--device cpu)");
        var ops = network.Registry.Names;
        var weightParameters = network.parameters().ToArray();
        using var weights = new MomentumSgd(weightParameters, o.Momentum, o.WeightDecay);
        using var architect = snas ? null : new DartsArchitect(network, alpha, weights, o.AlphaLearningRate, o.AlphaBeta1, o.AlphaBeta2,
            o.AlphaWeightDecay, o.Method == OneShotMethod.DartsSecondOrder);
        using var alphaOptimizer = snas ? new AlphaAdam(alpha.Parameters, o.AlphaLearningRate, o.AlphaBeta1, o.AlphaBeta2, o.AlphaWeightDecay) : null;
        var cost = snas ? ResourceCost.Measure(network, o.Resource, train.Height) : null;
        using var gumbel = new Generator((ulong)o.Seed + 7919);

        ImageDataset? weightHalf = null, alphaHalf = null;
        try
        {
            if (!snas)
            {
                int half = train.Count / 2;
                weightHalf = train.Select(Enumerable.Range(0, half).Select(i => (long)i).ToArray(), train.Name + " (weights half)");
                alphaHalf = train.Select(Enumerable.Range(half, train.Count - half).Select(i => (long)i).ToArray(), train.Name + " (alpha half)");
            }
            var weightBatches = new BatchIterator(weightHalf ?? train, o.BatchSize, shuffle: true, seed: o.Seed);
            var alphaBatches = alphaHalf is null ? null : new BatchIterator(alphaHalf, o.BatchSize, shuffle: true, seed: o.Seed + 1);
            int batches = Math.Min(weightBatches.BatchCount, alphaBatches?.BatchCount ?? int.MaxValue);
            if (o.MaxBatchesPerEpoch is { } cap) batches = Math.Min(batches, cap);

            var records = new List<OneShotEpoch>();
            for (int epoch = 0; epoch < o.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                double lr = o.MinLearningRate + (o.LearningRate - o.MinLearningRate) * (1 + Math.Cos(Math.PI * epoch / o.Epochs)) / 2;
                double temperature = snas ? GumbelSoftmax.Temperature(epoch, o.Epochs, o.TemperatureStart, o.TemperatureEnd) : double.NaN;
                network.train();
                double lossSum = 0;
                long correct = 0, seen = 0;
                using var wIter = weightBatches.Epoch(epoch + 1).GetEnumerator();
                using var aIter = alphaBatches?.Epoch(epoch + 1).GetEnumerator();
                for (int b = 0; b < batches; b++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // Batches are taken before the batch's scope: the iterator's own tensors outlive it.
                    wIter.MoveNext();
                    aIter?.MoveNext();
                    using var wBatch = wIter.Current;
                    using var aBatch = aIter?.Current;
                    using var scope = NewDisposeScope();
                    var x = wBatch.Images.to(o.Device);
                    var y = wBatch.Labels.to(o.Device);
                    Tensor logits, loss;
                    if (snas)
                    {
                        var zn = GumbelSoftmax.Sample(alpha.Normal, temperature, gumbel);
                        var zr = GumbelSoftmax.Sample(alpha.Reduce, temperature, gumbel);
                        logits = network.call(x, zn, zr);
                        loss = nn.functional.cross_entropy(logits, y);
                        var total = loss;
                        if (o.ResourceWeight > 0)
                        {
                            var expected = cost!.Expected(nn.functional.softmax(alpha.Normal, -1), nn.functional.softmax(alpha.Reduce, -1));
                            total = loss.add(expected.mul(o.ResourceWeight / cost.Maximum));
                        }
                        weights.ZeroGrad();
                        alphaOptimizer!.ZeroGrad();
                        total.backward();
                        if (o.GradientClip > 0) nn.utils.clip_grad_norm_(weightParameters, o.GradientClip);
                        weights.Step(lr);
                        alphaOptimizer.Step();
                    }
                    else
                    {
                        architect!.Step(x, y, aBatch!.Images.to(o.Device), aBatch.Labels.to(o.Device), lr);
                        weights.ZeroGrad();
                        logits = network.call(x, nn.functional.softmax(alpha.Normal, -1), nn.functional.softmax(alpha.Reduce, -1));
                        loss = nn.functional.cross_entropy(logits, y);
                        loss.backward();
                        if (o.GradientClip > 0) nn.utils.clip_grad_norm_(weightParameters, o.GradientClip);
                        weights.Step(lr);
                    }
                    double lossValue = loss.item<float>();
                    if (!double.IsFinite(lossValue))
                        throw new Training.TrainingDivergedException($"search diverged: loss is {lossValue} at epoch {epoch + 1}, batch {b + 1}");
                    long n = y.shape[0];
                    seen += n;
                    lossSum += lossValue * n;
                    correct += logits.argmax(1).eq(y).sum().item<long>();
                    if (progress is not null && ((b + 1) % 10 == 0 || b + 1 == batches))
                        progress.Report(new OneShotProgress(epoch + 1, o.Epochs, b + 1, batches, lossSum / seen, (double)correct / seen));
                }

                var pn = ArchitectureWeights.Probabilities(alpha.Normal);
                var pr = ArchitectureWeights.Probabilities(alpha.Reduce);
                SnasChild? child = null;
                Genotype genotype;
                (double Loss, double Accuracy) val;
                using (var evaluation = NewDisposeScope())
                if (snas)
                {
                    child = GenotypeDerivation.Snas(pn, pr, ops, o.Nodes);
                    val = Evaluate(network, validation, OneHot(child.Normal, ops), OneHot(child.Reduce, ops));
                    genotype = child.Genotype;
                }
                else
                {
                    genotype = GenotypeDerivation.Darts(pn, pr, ops, o.Nodes, o.MaxSkip);
                    val = Evaluate(network, validation, nn.functional.softmax(alpha.Normal, -1), nn.functional.softmax(alpha.Reduce, -1));
                }
                var record = new OneShotEpoch
                {
                    Epoch = epoch + 1,
                    Seconds = clock.Elapsed.TotalSeconds,
                    LearningRate = lr,
                    Temperature = temperature,
                    TrainLoss = lossSum / seen,
                    TrainAccuracy = (double)correct / seen,
                    ValidationLoss = val.Loss,
                    ValidationAccuracy = val.Accuracy,
                    NormalProbabilities = pn,
                    ReduceProbabilities = pr,
                    Entropy = ArchitectureDistribution.Entropy(pn, pr),
                    Genotype = genotype,
                    Child = child,
                    ExpectedCost = cost?.Expected(pn, pr) ?? double.NaN,
                };
                records.Add(record);
                progress?.Report(new OneShotProgress(epoch + 1, o.Epochs, batches, batches, record.TrainLoss, record.TrainAccuracy, record));
            }
            return records;
        }
        finally
        {
            weightHalf?.Dispose();
            alphaHalf?.Dispose();
        }
    }

    private Tensor OneHot(IReadOnlyList<string> chosen, IReadOnlyList<string> ops)
    {
        var values = new float[chosen.Count * ops.Count];
        for (int e = 0; e < chosen.Count; e++) values[e * ops.Count + ops.ToList().IndexOf(chosen[e])] = 1f;
        return tensor(values).reshape(chosen.Count, ops.Count).to(_o.Device);
    }

    private (double Loss, double Accuracy) Evaluate(Supernet network, ImageDataset data, Tensor normalWeights, Tensor reduceWeights)
    {
        using var outer = NewDisposeScope();
        network.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long correct = 0;
        var batches = new BatchIterator(data, _o.EvaluationBatchSize, shuffle: false);
        foreach (var batch in batches.Epoch(0))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var x = batch.Images.to(_o.Device);
            var y = batch.Labels.to(_o.Device);
            var logits = network.call(x, normalWeights, reduceWeights);
            lossSum += nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            correct += logits.argmax(1).eq(y).sum().item<long>();
        }
        network.train();
        return (lossSum / data.Count, (double)correct / data.Count);
    }
}
