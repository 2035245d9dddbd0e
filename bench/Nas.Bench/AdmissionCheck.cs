using System.Text.Json;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Torch.Networks;
using Nas.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// The per-network oneDNN admission (<see cref="CpuKernels.AdmitOneDnnFor(nn.Module{Tensor, Tensor}, long[])"/>) over
/// fresh random networks of a space: how many have convolutions oneDNN gets wrong (routed to libtorch's own kernels),
/// and whether they then train as with libtorch's own kernels throughout (the same seeds, a few SGD steps on random
/// data, the loss of every step compared; the first step's apart, before any update can amplify rounding) without a
/// non-finite loss, with no zero fill. Run it where oneDNN is off by default for wrong convolutions (the AMD machines).
/// Network n is sampled from seed n, from <c>first</c> on, so a long check can run in parts that add up.
/// </summary>
internal static class AdmissionCheck
{
    public static void Run(int networks, int batches, string spaceName, int batchSize, int first = 0)
    {
        // The space a search gets: its settings' defaults filled in (a residual space from bare {} is the one written
        // before stem.pre existed).
        var space = SpaceCatalog.Default.Kind(spaceName).Create((System.Text.Json.Nodes.JsonObject?)null);
        var input = new InputShape(1, 28, 28, 10);
        CpuKernels.OneNetworkAtATime = true;
        int routed = 0, nonFinite = 0;
        double worst = 0, worstFirst = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int n = first; n < first + networks; n++)
        {
            if (n > first && (n - first) % 25 == 0) Console.Error.WriteLine($"  {n - first}/{networks} networks, {clock.Elapsed:mm\\:ss}");
            var arch = ArchitectureSampler.Sample(space, new Random(n));
            var (native, _) = Losses(arch, input, n, batches, batchSize, admit: false);
            var (fast, modules) = Losses(arch, input, n, batches, batchSize, admit: true);
            if (modules > 0) routed++;
            if (fast.Any(l => !double.IsFinite(l))) nonFinite++;
            static double Relative(double a, double b) => Math.Abs(a - b) / Math.Max(1e-6, Math.Abs(a));
            double difference = native.Zip(fast).Max(p => Relative(p.First, p.Second));
            worst = Math.Max(worst, double.IsNaN(difference) ? double.PositiveInfinity : difference);
            double firstStep = Relative(native[0], fast[0]);
            worstFirst = Math.Max(worstFirst, double.IsNaN(firstStep) ? double.PositiveInfinity : firstStep);
        }
        Console.WriteLine($"admission check ({spaceName} space, {batches} steps of batch {batchSize}, zero fill {NativeAllocator.ZeroFills}): " +
            $"{networks} fresh networks (seeds {first} to {first + networks - 1}), {routed} with convolutions routed to libtorch's own kernels; {nonFinite} non-finite with oneDNN; " +
            $"largest relative loss difference from libtorch's own kernels {worst:G3} (first step {worstFirst:G3}); {clock.Elapsed:mm\\:ss}");
    }

    private static (double[] Losses, int Routed) Losses(Nas.Architectures.Architecture arch, InputShape input, int seed, int batches, int batchSize, bool admit)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(seed);
        using var net = NetworkCatalog.Default.Build(arch, input);
        using var admission = admit ? CpuKernels.AdmitOneDnnFor(net, [1, 28, 28]) : null;
        if (admit && CpuKernels.OneDnnEnabled != true) throw new InvalidOperationException("run this where oneDNN is off by default (the AMD machines): " + CpuKernels.Reason);
        using var optimizer = optim.SGD(net.parameters(), 0.05, 0.9);
        net.train();
        using var generator = new Generator((ulong)seed);
        var losses = new double[batches];
        for (int b = 0; b < batches; b++)
        {
            using var batch = NewDisposeScope();
            var x = randn(new long[] { batchSize, 1, 28, 28 }, generator: generator);
            var y = randint(0, 10, new long[] { batchSize }, generator: generator);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(net.call(x), y);
            losses[b] = loss.item<float>();
            if (!double.IsFinite(losses[b])) break;
            loss.backward();
            optimizer.step();
        }
        return (losses, admission?.Routed ?? 0);
    }
}
