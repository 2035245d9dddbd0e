using static TorchSharp.torch;

namespace Nas.Torch.Runtime;

/// <summary>
/// Checks that the convolutions in use never read bytes nothing wrote: with every new tensor buffer poisoned with
/// NaN (<see cref="TensorPoison"/>), convolutions of the shapes the spaces build (1x1 to 7x7, strides 1 and 2,
/// dilation, depthwise, channel counts oneDNN pads) run forward and backward on finite data, and every output and
/// gradient must be finite. A read of uninitialised memory turns into NaN every time, not at random as it does
/// with recycled buffers. Well under a second here (the five CpuKernels tests, two probes among them, took 0.26 s).
/// </summary>
public static class OneDnnProbe
{
    /// <summary>One convolution to check: channels in and out, kernel, stride, dilation, groups, image side, batch.</summary>
    public readonly record struct Case(int In, int Out, int Kernel, int Stride, int Dilation, int Groups, int Side, int Batch)
    {
        /// <summary>A short name for messages.</summary>
        public override string ToString() =>
            $"conv {In}->{Out} k{Kernel} s{Stride} d{Dilation} g{Groups} {Side}x{Side} batch {Batch}";
    }

    /// <summary>The shapes checked by default.</summary>
    public static IReadOnlyList<Case> DefaultCases { get; } =
    [
        new(1, 16, 3, 1, 1, 1, 28, 4), new(1, 32, 3, 2, 1, 1, 28, 4), new(1, 24, 5, 1, 1, 1, 28, 4),
        new(3, 16, 3, 1, 1, 1, 32, 2), new(5, 7, 3, 1, 1, 1, 11, 3), new(16, 16, 3, 1, 1, 1, 14, 4),
        new(16, 32, 3, 2, 1, 1, 14, 4), new(24, 36, 7, 1, 1, 1, 14, 2), new(36, 48, 1, 1, 1, 1, 14, 4),
        new(48, 64, 1, 2, 1, 1, 14, 4), new(32, 64, 5, 2, 1, 1, 8, 4), new(64, 128, 3, 1, 1, 1, 4, 4),
        new(128, 10, 1, 1, 1, 1, 4, 4), new(16, 16, 3, 1, 1, 16, 14, 4), new(16, 16, 5, 1, 2, 16, 14, 4),
        new(32, 32, 3, 2, 1, 32, 8, 4), new(48, 48, 3, 1, 2, 1, 7, 2), new(64, 64, 3, 1, 1, 1, 7, 1),
    ];

    /// <summary>
    /// Runs the cases with poisoned buffers under the convolution back-end now in use. Returns null when all were
    /// finite, the first failing case otherwise; throws <see cref="NotSupportedException"/> where buffers cannot be
    /// poisoned (then nothing can be said).
    /// </summary>
    /// <param name="cases">The shapes; <see cref="DefaultCases"/> when null.</param>
    /// <param name="seed">Seeds a generator of its own for the data, so the global generator is untouched.</param>
    public static string? FirstNonFinite(IEnumerable<Case>? cases = null, int seed = 0) =>
        FirstNonFinite(cases ?? DefaultCases, seed, Convolve);

    /// <summary>The check with another computation in place of the convolution (tests give it one that reads unwritten memory).</summary>
    internal static string? FirstNonFinite(IEnumerable<Case> cases, int seed, Func<Case, Generator, Tensor[]> run)
    {
        using var poison = TensorPoison.Begin() ?? throw new NotSupportedException("this libtorch cannot poison tensor buffers");
        using var generator = new Generator((ulong)seed);
        foreach (var c in cases)
        {
            using var scope = NewDisposeScope();
            foreach (var t in run(c, generator))
                if (!t.isfinite().all().item<bool>()) return c.ToString();
        }
        return null;
    }

    /// <summary>
    /// Shapes for <see cref="FirstDisagreement(IEnumerable{Case}?, int)"/>: the default ones and input channel counts that
    /// are not a multiple of 16 with every kernel size. On the AMD EPYC machines here (AVX-512) libtorch 2.10's oneDNN
    /// computed 1,039 of 1,152 convolutions with 20 input channels 20 to 50% away from libtorch's own (and ONNX
    /// Runtime's), with and without the zero fill; kernels above 1x1 with 20, 24 or 36 input channels were wrong, with 3,
    /// 8, 16 or 32 right.
    /// </summary>
    public static IReadOnlyList<Case> AgreementCases { get; } =
    [
        .. DefaultCases,
        new(20, 4, 3, 1, 1, 1, 8, 3), new(20, 4, 5, 2, 1, 1, 14, 3), new(20, 20, 7, 1, 1, 1, 7, 2),
        new(36, 24, 3, 2, 1, 1, 14, 2), new(60, 36, 5, 1, 1, 1, 7, 2), new(12, 8, 1, 1, 1, 1, 8, 2),
    ];

    /// <summary>
    /// Runs each case forward and backward with oneDNN on and with libtorch's own kernels, on the same data; returns
    /// the first case whose output or gradients differ by more than 1e-3 of their largest magnitude (or are not
    /// finite), else null. oneDNN is left as it was found.
    /// </summary>
    /// <param name="cases">The shapes; <see cref="AgreementCases"/> when null.</param>
    /// <param name="seed">Seeds a generator of its own for each case's data, so the global generator is untouched.</param>
    public static string? FirstDisagreement(IEnumerable<Case>? cases = null, int seed = 0)
    {
        bool? was = CpuKernels.OneDnnEnabled;
        try
        {
            return FirstDisagreement(cases ?? AgreementCases, seed, (c, generator, oneDnn) =>
            {
                if (CpuKernels.SetOneDnn(oneDnn) != oneDnn) throw new NotSupportedException("oneDNN cannot be switched here");
                return Convolve(c, generator);
            });
        }
        finally { if (was is { } on) CpuKernels.SetOneDnn(on); }
    }

    /// <summary>The comparison with another computation in place of the convolution (tests give it one that oneDNN gets wrong).</summary>
    internal static string? FirstDisagreement<T>(IEnumerable<T> cases, int seed, Func<T, Generator, bool, Tensor[]> run) where T : notnull =>
        Disagreements(cases, seed, run, all: false).Select(d => d.Why).FirstOrDefault();

    // The cases whose results differ with oneDNN on and off, with why: the first only, unless all.
    private static List<(T Case, string Why)> Disagreements<T>(IEnumerable<T> cases, int seed, Func<T, Generator, bool, Tensor[]> run, bool all) where T : notnull
    {
        var found = new List<(T, string)>();
        int index = 0;
        foreach (var c in cases)
        {
            using var scope = NewDisposeScope();
            Tensor[] Results(bool oneDnn)
            {
                using var generator = new Generator((ulong)(seed + index));
                return run(c, generator, oneDnn);
            }
            var native = Results(false);
            var fast = Results(true);
            index++;
            for (int i = 0; i < native.Length; i++)
            {
                double scale = native[i].abs().max().item<float>();
                double difference = fast[i].add(native[i], HeldScalars.MinusOne).abs().max().item<float>(); // a held Scalar, never a temporary one
                if (difference <= 1e-3 * Math.Max(1, scale)) continue;
                found.Add((c, $"{c}: {difference:G3} from libtorch's own (largest value {scale:G3})"));
                if (!all) return found;
                break;
            }
        }
        return found;
    }

    /// <summary>
    /// Where oneDNN computes a convolution of <paramref name="network"/> differently from libtorch's own kernels: each
    /// distinct convolution (module settings and input shape, from one forward pass in eval mode) run as it is, at
    /// batch 2, on random inputs, forward and backward (the input's and the weights' gradients), with oneDNN on and
    /// off. Null when every one agrees (or the network has none); else the first that does not. The network's weights,
    /// gradients and batch-norm statistics are left as they were.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="example">One input's shape, without the batch ([C, H, W]).</param>
    /// <param name="seed">Seeds the inputs.</param>
    public static string? FirstDisagreement(nn.Module<Tensor, Tensor> network, long[] example, int seed = 0) =>
        FirstDisagreement(network, network.call, example, seed);

    /// <summary>
    /// The check of <see cref="FirstDisagreement(nn.Module{Tensor, Tensor}, long[], int)"/> for a network whose forward
    /// pass takes more than the images (a one-shot supernet and its architecture weights): <paramref name="forward"/>
    /// runs it on a batch of images, and must reach every convolution that training will run.
    /// </summary>
    /// <param name="network">The network (its modules are searched for convolutions).</param>
    /// <param name="forward">Its forward pass on a batch of images.</param>
    /// <param name="example">One input's shape, without the batch ([C, H, W]).</param>
    /// <param name="seed">Seeds the inputs.</param>
    public static string? FirstDisagreement(nn.Module network, Func<Tensor, Tensor> forward, long[] example, int seed = 0) =>
        Examine(network, forward, example, seed, all: false).Wrong.Select(d => d.Why).FirstOrDefault();

    /// <summary>
    /// Every convolution module that oneDNN computes differently from libtorch's own kernels in
    /// <paramref name="network"/>, checked as <see cref="FirstDisagreement(nn.Module, Func{Tensor, Tensor}, long[], int)"/>
    /// checks, with why; empty when all agree. Every module of a wrong convolution's settings and input shape is listed,
    /// once, and so is every convolution module the forward pass did not reach (it was not checked).
    /// </summary>
    /// <param name="network">The network (its modules are searched for convolutions).</param>
    /// <param name="forward">Its forward pass on a batch of images.</param>
    /// <param name="example">One input's shape, without the batch ([C, H, W]).</param>
    /// <param name="seed">Seeds the inputs.</param>
    public static IReadOnlyList<(nn.Module<Tensor, Tensor> Module, string Why)> Disagreements(nn.Module network, Func<Tensor, Tensor> forward, long[] example, int seed = 0) =>
        Examine(network, forward, example, seed, all: true).Wrong;

    /// <summary>
    /// One forward pass and the check: how many distinct convolutions the pass ran, and the modules that disagree (the
    /// first only, unless <paramref name="all"/>; with all, each once, and those the pass did not reach too).
    /// </summary>
    internal static (int Count, List<(nn.Module<Tensor, Tensor> Module, string Why)> Wrong) Examine(
        nn.Module network, Func<Tensor, Tensor> forward, long[] example, int seed, bool all)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(example);
        var convolutions = ConvolutionsOf(network, forward, example);
        bool? was = CpuKernels.OneDnnEnabled;
        try
        {
            var wrong = Disagreements(convolutions, seed, (c, generator, oneDnn) =>
            {
                if (CpuKernels.SetOneDnn(oneDnn) != oneDnn) throw new NotSupportedException("oneDNN cannot be switched here");
                var x = randn([2, .. c.Input.Skip(1)], generator: generator).requires_grad_();
                var y = c.Module.call(x);
                var upstream = randn(y.shape, generator: generator);
                var inputs = new List<Tensor> { x };
                inputs.AddRange(c.Module.parameters().Where(p => p.requires_grad));
                var gradients = autograd.grad([y], inputs, [upstream]);
                return [y, .. gradients];
            }, all).SelectMany(d => d.Case.Modules.Select(m => (Module: m, d.Why))).ToList();
            if (!all) return (convolutions.Count, wrong);
            // Convolutions the pass did not reach (an auxiliary head runs in training only; an ENAS child uses part
            // of the shared graph) are not known to agree: listed too, so they are never run unchecked.
            var met = convolutions.SelectMany(c => c.Modules).ToHashSet();
            wrong.AddRange(network.modules().OfType<TorchSharp.Modules.Convolution>().OfType<nn.Module<Tensor, Tensor>>()
                .Where(m => !met.Contains(m)).Select(m => (m, "not reached by the check's forward pass")));
            return (convolutions.Count, wrong.DistinctBy(d => d.Module).ToList());
        }
        finally { if (was is { } on) CpuKernels.SetOneDnn(on); }
    }

    /// <summary>How many distinct convolutions (settings and input shape) <paramref name="network"/> runs on an input of <paramref name="example"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="example">One input's shape, without the batch.</param>
    public static int ConvolutionCount(nn.Module<Tensor, Tensor> network, long[] example) => ConvolutionsOf(network, network.call, example).Count;

    // A convolution as one forward pass met it: every module that ran with these settings and this input shape, the
    // first of them checked for all.
    private sealed record Convolution2d(List<nn.Module<Tensor, Tensor>> Modules, long[] Input, string Signature)
    {
        public nn.Module<Tensor, Tensor> Module => Modules[0];

        public override string ToString() => Signature;
    }

    // One forward pass in eval mode, without gradients, with a hook on every convolution: the distinct ones in the order they ran.
    private static List<Convolution2d> ConvolutionsOf(nn.Module network, Func<Tensor, Tensor> forward, long[] example)
    {
        var found = new List<Convolution2d>();
        var seen = new Dictionary<string, Convolution2d>();
        var removers = new List<Action>();
        var modes = network.named_modules().Select(m => (m.module, m.module.training)).ToArray();
        bool training = network.training;
        try
        {
            foreach (var (_, module) in network.named_modules())
                if (module is TorchSharp.Modules.Convolution and nn.Module<Tensor, Tensor> convolution)
                    removers.Add(convolution.register_forward_hook((m, x, y) =>
                    {
                        string signature = Latency.OpSignature.Of(m, x.shape, y.shape);
                        if (seen.TryGetValue(signature, out var same)) { if (!same.Modules.Contains(m)) same.Modules.Add(m); }
                        else found.Add(seen[signature] = new Convolution2d([m], x.shape, signature));
                        return y;
                    }).remove);
            network.eval();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var generator = new Generator(0);
            forward(rand([1, .. example], generator: generator)).Dispose();
        }
        finally
        {
            foreach (var remove in removers) remove();
            network.train(training);
            foreach (var (module, mode) in modes) module.train(mode);
        }
        return found;
    }

    /// <summary>The convolution of a case, forward and backward: its output and the three gradients.</summary>
    private static Tensor[] Convolve(Case c, Generator generator)
    {
        var x = randn(new long[] { c.Batch, c.In, c.Side, c.Side }, generator: generator).requires_grad_();
        var w = randn(new long[] { c.Out, c.In / c.Groups, c.Kernel, c.Kernel }, generator: generator).requires_grad_();
        var b = randn(new long[] { c.Out }, generator: generator).requires_grad_();
        int padding = c.Dilation * (c.Kernel - 1) / 2;
        var y = nn.functional.conv2d(x, w, b, strides: [c.Stride, c.Stride], padding: [padding, padding],
            dilation: [c.Dilation, c.Dilation], groups: c.Groups);
        y.sum().backward();
        return [y, x.grad!, w.grad!, b.grad!];
    }
}
