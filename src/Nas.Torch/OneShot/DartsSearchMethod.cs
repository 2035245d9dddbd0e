using Nas.OneShot;
using Nas.Torch.Data;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// DARTS, first or second order: the training set in halves, the weights learning on the first and alpha on
/// the second, one batch of each per step, alpha first (<see cref="DartsArchitect"/>), then the weights on
/// softmax(alpha). The genotype keeps the two strongest non-none edges per node (with the skip cap); the
/// supernet is scored with softmax(alpha).
/// </summary>
internal sealed class DartsSearchMethod : OneShotSearchMethod
{
    private const string AlphaOptimizerFile = "alpha-optimizer.bin";
    private readonly ImageDataset _weightHalf;
    private readonly ImageDataset _alphaHalf;
    private readonly BatchIterator _weightBatches;
    private readonly BatchIterator _alphaBatches;
    private readonly DartsArchitect _architect;

    public DartsSearchMethod(OneShotOptions options, Supernet network, ArchitectureWeights alpha, MomentumSgd weights, ImageDataset train)
        : base(options, network, alpha, weights)
    {
        if (train.Count < 2) throw new NasUserException("a DARTS search needs at least 2 training examples (the set is split in halves)");
        _architect = new DartsArchitect(network, alpha, weights, options.AlphaLearningRate, options.AlphaBeta1, options.AlphaBeta2,
            options.AlphaWeightDecay, options.Method == OneShotMethod.DartsSecondOrder);
        int half = train.Count / 2;
        _weightHalf = train.Select(Enumerable.Range(0, half).Select(i => (long)i).ToArray(), train.Name + " (weights half)");
        _alphaHalf = train.Select(Enumerable.Range(half, train.Count - half).Select(i => (long)i).ToArray(), train.Name + " (alpha half)");
        _weightBatches = new BatchIterator(_weightHalf, options.BatchSize, shuffle: true, seed: options.Seed);
        _alphaBatches = new BatchIterator(_alphaHalf, options.BatchSize, shuffle: true, seed: options.Seed + 1);
    }

    public override string Kind => _architect.SecondOrder ? "darts-2nd" : "darts";

    public override int BatchCount => Math.Min(_weightBatches.BatchCount, _alphaBatches.BatchCount);

    public override IEnumerable<OneShotBatch> Batches(int epoch)
    {
        using var weights = _weightBatches.Epoch(epoch + 1).GetEnumerator();
        using var alpha = _alphaBatches.Epoch(epoch + 1).GetEnumerator();
        while (weights.MoveNext())
        {
            if (!alpha.MoveNext())
            {
                weights.Current.Dispose();
                yield break;
            }
            yield return new OneShotBatch(weights.Current, alpha.Current);
        }
    }

    public override (Tensor Logits, Tensor Loss) Step(OneShotBatch batch, double learningRate, double temperature)
    {
        var device = Options.Device;
        var x = batch.Weights.Images.to(device);
        var y = batch.Weights.Labels.to(device);
        _architect.Step(x, y, batch.Alpha!.Images.to(device), batch.Alpha.Labels.to(device), learningRate);
        Weights.ZeroGrad();
        var logits = Network.call(x, nn.functional.softmax(Alpha.Normal, -1), nn.functional.softmax(Alpha.Reduce, -1));
        var loss = nn.functional.cross_entropy(logits, y);
        loss.backward();
        StepWeights(learningRate);
        return (logits, loss);
    }

    public override OneShotDerivation Derive(double[][] normal, double[][] reduce) => new(
        GenotypeDerivation.Darts(normal, reduce, Network.Registry.Names, Options.Nodes, Options.MaxSkip),
        null,
        nn.functional.softmax(Alpha.Normal, -1),
        nn.functional.softmax(Alpha.Reduce, -1),
        double.NaN);

    public override IReadOnlyList<string> Files => new[] { AlphaOptimizerFile };

    public override void Save(CheckpointWriter writer) => writer.Binary(AlphaOptimizerFile, _architect.Optimizer.SaveState);

    public override void Restore(CheckpointReader reader) => reader.Binary(AlphaOptimizerFile, _architect.Optimizer.LoadState);

    public override void Dispose()
    {
        _architect.Dispose();
        _weightHalf.Dispose();
        _alphaHalf.Dispose();
    }
}
