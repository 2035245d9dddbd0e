using Nas.OneShot;
using Nas.Torch.Data;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// SNAS: weights and alpha learn together on each batch of the whole training set, through a Gumbel-softmax
/// sample of alpha at the epoch's temperature, with the resource penalty (λ × expected cost / maximum cost)
/// added to the loss. The derived child takes the most probable op on every edge; the supernet is scored with
/// that child one-hot, its weights inherited.
/// </summary>
internal sealed class SnasSearchMethod : OneShotSearchMethod
{
    private const string AlphaOptimizerFile = "alpha-optimizer.bin";
    private const string GumbelFile = "gumbel.rng";
    private readonly BatchIterator _batches;
    private readonly AlphaAdam _alphaOptimizer;
    private readonly ResourceCost _cost;
    private readonly Generator _gumbel;
    // Held for the search: a temporary Scalar can be finalized while the native call still reads it.
    private readonly Scalar _one = 1.ToScalar();
    private readonly Scalar? _penaltyScale;

    public SnasSearchMethod(OneShotOptions options, Supernet network, ArchitectureWeights alpha, MomentumSgd weights, ImageDataset train)
        : base(options, network, alpha, weights)
    {
        _alphaOptimizer = new AlphaAdam(alpha.Parameters, options.AlphaLearningRate, options.AlphaBeta1, options.AlphaBeta2, options.AlphaWeightDecay);
        _cost = ResourceCost.Measure(network, options.Resource, train.Height);
        _gumbel = new Generator((ulong)options.Seed + 7919);
        if (options.ResourceWeight > 0) _penaltyScale = (options.ResourceWeight / _cost.Maximum).ToScalar();
        _batches = new BatchIterator(train, options.BatchSize, shuffle: true, seed: options.Seed);
    }

    public override string Kind => "snas";

    public override int BatchCount => _batches.BatchCount;

    public override double Temperature(int epoch) => GumbelSoftmax.Temperature(epoch, Options.Epochs, Options.TemperatureStart, Options.TemperatureEnd);

    public override IEnumerable<OneShotBatch> Batches(int epoch)
    {
        foreach (var batch in _batches.Epoch(epoch + 1)) yield return new OneShotBatch(batch, null);
    }

    public override (Tensor Logits, Tensor Loss) Step(OneShotBatch batch, double learningRate, double temperature)
    {
        var x = batch.Weights.Images.to(Options.Device);
        var y = batch.Weights.Labels.to(Options.Device);
        var zn = GumbelSoftmax.Sample(Alpha.Normal, temperature, _gumbel);
        var zr = GumbelSoftmax.Sample(Alpha.Reduce, temperature, _gumbel);
        var logits = Network.call(x, zn, zr);
        var loss = nn.functional.cross_entropy(logits, y);
        var total = loss;
        if (_penaltyScale is not null)
        {
            var expected = _cost.Expected(nn.functional.softmax(Alpha.Normal, -1), nn.functional.softmax(Alpha.Reduce, -1));
            total = loss.add(expected.mul(_penaltyScale), _one);
        }
        Weights.ZeroGrad();
        _alphaOptimizer.ZeroGrad();
        total.backward();
        StepWeights(learningRate);
        _alphaOptimizer.Step();
        return (logits, loss);
    }

    public override OneShotDerivation Derive(double[][] normal, double[][] reduce)
    {
        var ops = Network.Registry.Names;
        var child = GenotypeDerivation.Snas(normal, reduce, ops, Options.Nodes);
        return new OneShotDerivation(child.Genotype, child, OneHot(child.Normal, ops), OneHot(child.Reduce, ops), _cost.Expected(normal, reduce));
    }

    private Tensor OneHot(IReadOnlyList<string> chosen, IReadOnlyList<string> ops)
    {
        var values = new float[chosen.Count * ops.Count];
        for (int e = 0; e < chosen.Count; e++) values[e * ops.Count + ops.ToList().IndexOf(chosen[e])] = 1f;
        return tensor(values).reshape(chosen.Count, ops.Count).to(Options.Device);
    }

    public override IReadOnlyList<string> Files => new[] { AlphaOptimizerFile, GumbelFile };

    public override void Save(CheckpointWriter writer)
    {
        writer.Binary(AlphaOptimizerFile, _alphaOptimizer.SaveState);
        writer.Generator(GumbelFile, _gumbel);
    }

    public override void Restore(CheckpointReader reader)
    {
        var gumbel = reader.GeneratorState(GumbelFile, _gumbel);
        reader.Binary(AlphaOptimizerFile, _alphaOptimizer.LoadState);
        CheckpointReader.Apply(_gumbel, gumbel);
    }

    public override void Dispose()
    {
        _alphaOptimizer.Dispose();
        _gumbel.Dispose();
        _one.Dispose();
        _penaltyScale?.Dispose();
    }
}
