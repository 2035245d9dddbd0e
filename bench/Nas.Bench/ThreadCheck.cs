using System.Diagnostics;
using Nas.Spaces.Residual;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Does the thread that calls libtorch matter? The same training (resnet-baseline, batch 128, random 1x28x28 images)
/// on the main thread, on a thread-pool thread (as <c>nas auto</c> runs: <c>Task.Run</c>) and on a fresh thread,
/// alternated in rounds; for each, images/s and the process's CPU time over the wall time (2.0 = both cores busy).
/// Measured because a full epoch ran at 143% CPU inside <c>nas auto</c> and at 200% under <c>nas train</c>.
/// </summary>
internal static class ThreadCheck
{
    private static readonly InputShape Input = new(1, 28, 28, 10);

    public static void Run(int rounds, int images)
    {
        manual_seed(2);
        using var data = new ImageDataset("random", randn(images, 1, 28, 28), randint(0, 10, images, ScalarType.Int64), 10);
        var ways = new (string Name, Func<Func<double>, double> Call)[]
        {
            ("main thread", f => f()),
            ("thread pool (Task.Run)", f => Task.Run(f).GetAwaiter().GetResult()),
            ("new thread", f => { double r = 0; var t = new Thread(() => r = f(), 16 << 20); t.Start(); t.Join(); return r; }),
            // OpenMP keeps the thread count per thread: set it again on the thread that calls libtorch.
            ("thread pool, threads set there", f => Task.Run(() => { set_num_threads(get_num_threads()); return f(); }).GetAwaiter().GetResult()),
        };
        Measure(ways[0].Call, data); // warm-up
        var results = ways.Select(_ => new List<(double Rate, double Cpu)>()).ToArray();
        for (int r = 0; r < rounds; r++)
        {
            // Rotate the order, so a cost one leaves behind is not always the next one's.
            for (int k = 0; k < ways.Length; k++)
            {
                int w = (k + r) % ways.Length;
                results[w].Add(Measure(ways[w].Call, data));
            }
            Console.WriteLine($"  round {r + 1}: " + string.Join(", ", ways.Select((w, i) => $"{w.Name} {results[i][^1].Rate:F0} img/s at {results[i][^1].Cpu:F2} cores")));
        }
        Console.WriteLine("median: " + string.Join(", ", ways.Select((w, i) => $"{w.Name} {ResidualBenchmark.Median(results[i].Select(x => x.Rate)):F0} img/s at {ResidualBenchmark.Median(results[i].Select(x => x.Cpu)):F2} cores")));
    }

    private static (double Rate, double Cpu) Measure(Func<Func<double>, double> call, ImageDataset data)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        double rate = call(() =>
        {
            manual_seed(1);
            using var net = NetworkCatalog.Default.Build(ResidualSpace.Baseline, Input);
            return new Trainer(new TrainingOptions { Epochs = 1, BatchSize = 128, Seed = 1 }).Train(net, data, null).Last.ImagesPerSecond;
        });
        process.Refresh();
        return (rate, (process.TotalProcessorTime - cpu).TotalSeconds / wall.Elapsed.TotalSeconds);
    }
}
