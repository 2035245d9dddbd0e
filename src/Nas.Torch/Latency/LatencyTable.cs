using System.Diagnostics;
using Nas.Torch.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Latency;

/// <summary>
/// Inference latency on this machine, predicted from a per-op table (FBNet's and ProxylessNAS's lookup tables): one
/// forward pass of a network at batch 1 lists the ops it runs (every leaf module with its input and output shapes and
/// its settings); each op not yet in the table is timed alone, once, and the network's latency is the sum over its
/// ops, calibrated by a line fitted to how the first networks measured whole against their sums (the glue between
/// modules, such as additions, concatenations and padding, is in no leaf, and grows with the network). Later networks of the same space are predicted mostly from the table,
/// without timing the network. Thread-safe: ops are timed one at a time.
/// </summary>
/// <remarks>
/// Latencies are measured, so they vary a little from run to run; a search that uses them (a latency limit, a
/// latency objective) is repeatable up to that. Ops timed while other workers train beside them read slower.
/// </remarks>
public sealed class LatencyTable
{
    private readonly Dictionary<string, double> _milliseconds = new();
    private readonly List<(double Sum, double Measured)> _calibration = new();
    private (double Slope, double Intercept) _line = (1, 0);
    private readonly object _gate = new();

    /// <param name="repeats">Timed runs per op and per calibration network; the lower quartile is kept.</param>
    /// <param name="calibrationNetworks">How many of the first networks are also timed whole to scale the sums.</param>
    public LatencyTable(int repeats = 15, int calibrationNetworks = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(calibrationNetworks);
        (Repeats, CalibrationNetworks) = (repeats, calibrationNetworks);
    }

    /// <summary>
    /// Timed runs per op; the lower quartile is kept: work beside the timing only ever slows runs down (measured on the
    /// 2-core VMs, the median's predictions were 8 to 20% off on cell networks, the quartile's 5 to 8%).
    /// </summary>
    public int Repeats { get; }

    /// <summary>How many of the first networks are also timed whole to scale the sums.</summary>
    public int CalibrationNetworks { get; }

    /// <summary>Ops in the table.</summary>
    public int Count { get { lock (_gate) return _milliseconds.Count; } }

    /// <summary>
    /// The calibration: predicted milliseconds = slope x the table's sum + intercept, least squares over the networks
    /// timed whole so far (one network: a ratio; none: the sum itself).
    /// </summary>
    public (double Slope, double Intercept) Calibration { get { lock (_gate) return _line; } }

    private void Calibrate(double sum, double measured)
    {
        _calibration.Add((sum, measured));
        double meanSum = _calibration.Average(c => c.Sum), meanMeasured = _calibration.Average(c => c.Measured);
        double sxx = _calibration.Sum(c => (c.Sum - meanSum) * (c.Sum - meanSum));
        double slope = sxx > 0 ? _calibration.Sum(c => (c.Sum - meanSum) * (c.Measured - meanMeasured)) / sxx : 0;
        // Glue costs time, never saves it: a fit that says otherwise (too few or too alike networks) falls back to the ratio.
        double intercept = meanMeasured - slope * meanSum;
        _line = slope > 0 && intercept >= 0 ? (slope, intercept) : (meanMeasured / meanSum, 0);
    }

    /// <summary>The network's predicted latency for one input, timing any op the table lacks.</summary>
    /// <param name="network">The network; its training flags are put back afterwards.</param>
    /// <param name="input">The shape of one input.</param>
    public LatencyPrediction Predict(nn.Module<Tensor, Tensor> network, InputShape input)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(input);
        lock (_gate)
            return InEvalMode(network, () =>
            {
                var calls = OpsOf(network, input);
                int timed = 0;
                double sum = 0;
                foreach (var (module, signature, shape) in calls)
                {
                    if (!_milliseconds.TryGetValue(signature, out var ms))
                    {
                        _milliseconds[signature] = ms = TimeOp(module, shape);
                        timed++;
                    }
                    sum += ms;
                }
                if (_calibration.Count < CalibrationNetworks && sum > 0)
                    Calibrate(sum, QuartileMilliseconds(() => network.call(Example(input)).Dispose()));
                return new LatencyPrediction(_line.Slope * sum + _line.Intercept, sum, calls.Count, timed);
            });
    }

    /// <summary>The network's latency for one input, timed whole (the lower quartile of <see cref="Repeats"/> runs): what predictions are checked against.</summary>
    /// <param name="network">The network; its training flags are put back afterwards.</param>
    /// <param name="input">The shape of one input.</param>
    public double MeasureWhole(nn.Module<Tensor, Tensor> network, InputShape input)
    {
        ArgumentNullException.ThrowIfNull(network);
        lock (_gate) return InEvalMode(network, () => QuartileMilliseconds(() => network.call(Example(input)).Dispose()));
    }

    // Runs work with the network in eval mode, without gradients and in a dispose scope, then puts every module's
    // training flag back.
    private static T InEvalMode<T>(nn.Module<Tensor, Tensor> network, Func<T> work)
    {
        bool training = network.training;
        var modes = network.named_modules().Select(m => (m.module, m.module.training)).ToArray();
        try
        {
            network.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return work();
        }
        finally
        {
            network.train(training);
            foreach (var (module, mode) in modes) module.train(mode);
        }
    }

    // One forward pass with a hook on every leaf module: the ops in the order they ran, with their input shapes.
    private static List<(nn.Module<Tensor, Tensor> Module, string Signature, long[] Shape)> OpsOf(nn.Module<Tensor, Tensor> network, InputShape input)
    {
        var calls = new List<(nn.Module<Tensor, Tensor>, string, long[])>();
        var removers = new List<Action>();
        try
        {
            foreach (var (_, module) in network.named_modules())
                if (module is nn.Module<Tensor, Tensor> leaf && !module.children().Any())
                    removers.Add(leaf.register_forward_hook((m, x, y) =>
                    {
                        calls.Add((m, OpSignature.Of(m, x.shape, y.shape), x.shape));
                        return y;
                    }).remove);
            network.call(Example(input)).Dispose();
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
        return calls;
    }

    private double TimeOp(nn.Module<Tensor, Tensor> module, long[] shape)
    {
        using var scope = NewDisposeScope();
        using var x = Input(shape);
        return QuartileMilliseconds(() => module.call(x).Dispose());
    }

    private double QuartileMilliseconds(Action run)
    {
        for (int i = 0; i < 2; i++) run(); // warm-up: first calls pick kernels and allocate
        var times = new double[Repeats];
        for (int i = 0; i < Repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[times.Length / 4];
    }

    private static Tensor Example(InputShape input) => Input([1, .. input.Example]);

    // Values do not change a dense op's time; a generator of its own leaves libtorch's global one (the trials' seeds) alone.
    private static Tensor Input(long[] shape)
    {
        using var generator = new Generator(0);
        return rand(shape, generator: generator);
    }
}
