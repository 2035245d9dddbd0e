using Nas.Strategies;
using Nas.Strategies.Predictors;
using Nas.Torch.OneShot;
using Nas.Torch.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Surrogates;

/// <summary>
/// An ensemble of small fully connected networks that predicts a trial's score from an architecture's one-hot
/// features, as BANANAS's meta neural network: each member starts from its own random weights and is trained with
/// Adam on the standardised scores; the prediction is the members' mean and the spread their standard deviation.
/// Training runs in TorchSharp inside one dispose scope; the trained weights are kept as plain arrays and predictions
/// are computed from them, so nothing native outlives a call.
/// </summary>
public sealed class MlpEnsemble : IAccuracyPredictor
{
    private float[][][] _weights = [];   // member -> layer -> [in x out] row-major
    private float[][][] _biases = [];
    private double _mean, _scale = 1;
    private int _inputs;

    /// <param name="members">Networks in the ensemble (BANANAS: 5).</param>
    /// <param name="hidden">Units in each hidden layer.</param>
    /// <param name="layers">Hidden layers.</param>
    /// <param name="epochs">Full-batch Adam steps per member.</param>
    /// <param name="learningRate">Adam's learning rate (BANANAS: 0.01).</param>
    public MlpEnsemble(int members = 5, int hidden = 32, int layers = 2, int epochs = 100, double learningRate = 0.01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "must be positive");
        (Members, Hidden, Layers, Epochs, LearningRate) = (members, hidden, layers, epochs, learningRate);
    }

    /// <summary>Networks in the ensemble.</summary>
    public int Members { get; }

    /// <summary>Units per hidden layer.</summary>
    public int Hidden { get; }

    /// <summary>Hidden layers.</summary>
    public int Layers { get; }

    /// <summary>Adam steps per member and fit.</summary>
    public int Epochs { get; }

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; }

    /// <inheritdoc/>
    public void Fit(IReadOnlyList<double[]> features, IReadOnlyList<double> scores, int seed)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(scores);
        if (features.Count == 0 || features.Count != scores.Count) throw new ArgumentException($"needs as many scores as rows, at least one (got {features.Count} rows, {scores.Count} scores)", nameof(scores));
        int n = features.Count, d = features[0].Length;
        if (features.Any(f => f.Length != d)) throw new ArgumentException("every row needs the same number of features", nameof(features));
        _mean = scores.Average();
        double sd = Math.Sqrt(scores.Sum(s => (s - _mean) * (s - _mean)) / n);
        _scale = sd > 1e-12 ? sd : 1;
        var x = new float[n * d];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) x[i * d + j] = (float)features[i][j];
        var y = scores.Select(s => (float)((s - _mean) / _scale)).ToArray();

        var weights = new float[Members][][];
        var biases = new float[Members][][];
        var random = new SeededRandom(seed);
        // On a thread of its own that ends with the fit: a search's coordinator must not keep an OpenMP team beside
        // the one that trains (see CpuKernels.OffThisThread).
        CpuKernels.OffThisThread(() =>
        {
            using var scope = NewDisposeScope();
            var input = tensor(x, [n, d]);
            var target = tensor(y, [n, 1]);
            for (int m = 0; m < Members; m++) (weights[m], biases[m]) = Train(input, target, d, random);
            return true;
        });
        (_weights, _biases, _inputs) = (weights, biases, d);
    }

    private (float[][] Weights, float[][] Biases) Train(Tensor input, Tensor target, int d, Random random)
    {
        var sizes = Enumerable.Repeat(Hidden, Layers).Prepend(d).Append(1).ToArray();
        var w = new Parameter[sizes.Length - 1];
        var b = new Parameter[sizes.Length - 1];
        for (int l = 0; l < w.Length; l++)
        {
            // torch.nn.Linear's default: uniform in +-1/sqrt(fan_in), here from our own generator so fits repeat exactly.
            double bound = 1 / Math.Sqrt(sizes[l]);
            float Draw() => (float)((2 * random.NextDouble() - 1) * bound);
            w[l] = new Parameter(tensor(Enumerable.Range(0, sizes[l] * sizes[l + 1]).Select(_ => Draw()).ToArray(), [sizes[l], sizes[l + 1]]));
            b[l] = new Parameter(tensor(Enumerable.Range(0, sizes[l + 1]).Select(_ => Draw()).ToArray(), [sizes[l + 1]]));
        }
        using (var adam = new AlphaAdam([.. w, .. b], LearningRate, 0.9, 0.999, 0))
        {
            for (int epoch = 0; epoch < Epochs; epoch++)
            {
                using var step = NewDisposeScope();
                adam.ZeroGrad();
                var h = input;
                for (int l = 0; l < w.Length; l++)
                {
                    h = h.matmul(w[l]).add(b[l], HeldScalars.One);
                    if (l < w.Length - 1) h = h.relu();
                }
                nn.functional.mse_loss(h, target).backward();
                adam.Step();
            }
        }
        return (w.Select(p => p.detach().data<float>().ToArray()).ToArray(), b.Select(p => p.detach().data<float>().ToArray()).ToArray());
    }

    /// <inheritdoc/>
    public IReadOnlyList<ScorePrediction> Predict(IReadOnlyList<double[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (_weights.Length == 0) throw new InvalidOperationException("the ensemble has not been fitted");
        if (features.FirstOrDefault(f => f.Length != _inputs) is { } bad)
            throw new ArgumentException($"rows need {_inputs} features, as fitted; got {bad.Length}", nameof(features));
        var result = new ScorePrediction[features.Count];
        var outputs = new double[Members];
        for (int i = 0; i < features.Count; i++)
        {
            for (int m = 0; m < Members; m++) outputs[m] = Forward(m, features[i]) * _scale + _mean;
            double mean = outputs.Average();
            result[i] = new ScorePrediction(mean, Math.Sqrt(outputs.Sum(o => (o - mean) * (o - mean)) / Members));
        }
        return result;
    }

    private double Forward(int member, double[] row)
    {
        var h = row;
        var layers = _weights[member];
        for (int l = 0; l < layers.Length; l++)
        {
            var bias = _biases[member][l];
            int outputs = bias.Length, inputs = h.Length;
            var next = new double[outputs];
            for (int o = 0; o < outputs; o++) next[o] = bias[o];
            for (int k = 0; k < inputs; k++)
            {
                double v = h[k];
                if (v == 0) continue;
                int offset = k * outputs;
                for (int o = 0; o < outputs; o++) next[o] += v * layers[l][offset + o];
            }
            if (l < layers.Length - 1)
                for (int o = 0; o < outputs; o++) next[o] = Math.Max(0, next[o]);
            h = next;
        }
        return h[0];
    }
}
