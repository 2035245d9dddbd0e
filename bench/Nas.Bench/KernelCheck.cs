using System.Text.Json;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Counts non-finite losses over fresh random networks of a space trained for a few batches on finite random
/// data: the check behind the oneDNN finding in docs/benchmarks.md. Run it in a child process per
/// setting (NAS_ONEDNN, NAS_ZERO_FILL, NAS_NO_MALLOPT) and compare the counts.
/// </summary>
internal static class KernelCheck
{
    public static (int Bad, int Networks) Run(int networks, int batches, string spaceName = "macro", int batchSize = 64)
    {
        using var defaults = JsonDocument.Parse("{}");
        var space = SpaceCatalog.Default.Create(spaceName, defaults.RootElement);
        var input = new InputShape(1, 28, 28, 10);
        int bad = 0;
        for (int n = 0; n < networks; n++)
        {
            using var scope = NewDisposeScope();
            torch.manual_seed(n);
            var arch = ArchitectureSampler.Sample(space, new Random(n));
            using var net = NetworkCatalog.Default.Build(arch, input);
            using var optimizer = optim.SGD(net.parameters(), 0.05, 0.9);
            net.train();
            bool failed = false;
            for (int b = 0; b < batches && !failed; b++)
            {
                using var batch = NewDisposeScope();
                var x = randn(batchSize, 1, 28, 28);
                var y = randint(0, 10, batchSize, ScalarType.Int64);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(net.call(x), y);
                if (!float.IsFinite(loss.item<float>())) { failed = true; break; }
                loss.backward();
                optimizer.step();
            }
            if (failed) { bad++; if (Environment.GetEnvironmentVariable("NAS_CHECK_VERBOSE") == "1") Console.WriteLine($"  network {n}: {arch.Key}"); }
        }
        return (bad, networks);
    }
}
