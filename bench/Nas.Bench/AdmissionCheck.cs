using System.Text.Json;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Torch.Networks;
using Nas.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// The per-network oneDNN admission (<see cref="CpuKernels.AdmitOneDnnFor"/>) over fresh random networks of a space:
/// how many pass the agreement check, and whether the admitted ones then train with oneDNN as with libtorch's own
/// kernels (the same seeds, a few SGD steps on random data, the loss of every step compared) without a non-finite
/// loss, with no zero fill. Run it where oneDNN is off by default for wrong convolutions (the AMD machines).
/// </summary>
internal static class AdmissionCheck
{
    public static void Run(int networks, int batches, string spaceName, int batchSize)
    {
        using var defaults = JsonDocument.Parse("{}");
        var space = SpaceCatalog.Default.Create(spaceName, defaults.RootElement);
        var input = new InputShape(1, 28, 28, 10);
        int admitted = 0, nonFinite = 0;
        double worst = 0;
        for (int n = 0; n < networks; n++)
        {
            var arch = ArchitectureSampler.Sample(space, new Random(n));
            using var scope = NewDisposeScope();
            torch.manual_seed(n);
            using var probe = NetworkCatalog.Default.Build(arch, input);
            if (OneDnnProbe.FirstDisagreement(probe, [1, 28, 28]) is not null) continue;
            admitted++;
            var native = Losses(arch, input, n, batches, batchSize, oneDnn: false);
            var fast = Losses(arch, input, n, batches, batchSize, oneDnn: true);
            if (fast.Any(l => !double.IsFinite(l))) nonFinite++;
            double difference = native.Zip(fast).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1e-6, Math.Abs(p.First)));
            worst = Math.Max(worst, double.IsNaN(difference) ? double.PositiveInfinity : difference);
        }
        CpuKernels.SetOneDnn(false);
        Console.WriteLine($"admission check ({spaceName} space, {batches} steps of batch {batchSize}, zero fill {NativeAllocator.ZeroFills}): " +
            $"{admitted} of {networks} fresh networks admitted; among them {nonFinite} non-finite with oneDNN, " +
            $"largest relative loss difference from libtorch's own kernels {worst:G3}");
    }

    private static double[] Losses(Nas.Architectures.Architecture arch, InputShape input, int seed, int batches, int batchSize, bool oneDnn)
    {
        CpuKernels.SetOneDnn(oneDnn);
        using var scope = NewDisposeScope();
        torch.manual_seed(seed);
        using var net = NetworkCatalog.Default.Build(arch, input);
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
        return losses;
    }
}
