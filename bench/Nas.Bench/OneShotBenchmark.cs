using System.Diagnostics;
using System.Globalization;
using Nas.Torch.Data;
using Nas.Torch.OneShot;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Seconds per search epoch and peak resident memory of DARTS first order, second order and SNAS at one
/// small configuration. Each method runs in its own child process, so each peak is its own.
/// </summary>
internal static class OneShotBenchmark
{
    public const int Channels = 8, Layers = 5, BatchSize = 32, Epochs = 2;

    public static string Configuration(int images) =>
        $"supernet C={Channels}, {Layers} cells, 4 nodes, 8 ops; batch {BatchSize}; {images} random 1x28x28 training images " +
        $"(DARTS: halves of {images / 2}, one weight and one alpha batch per step; SNAS: all {images}, one step per batch); {Epochs} epochs, the second timed";

    /// <summary>In this process: runs <paramref name="method"/> and prints "seconds-per-epoch peak-MiB".</summary>
    public static void Once(OneShotMethod method, int images)
    {
        manual_seed(2);
        using var train = new ImageDataset("random", randn(images, 1, 28, 28), randint(0, 10, images, ScalarType.Int64), 10);
        using var validation = new ImageDataset("random", randn(200, 1, 28, 28), randint(0, 10, 200, ScalarType.Int64), 10);
        var options = new OneShotOptions
        {
            Method = method, Channels = Channels, Layers = Layers, BatchSize = BatchSize, Epochs = Epochs, Seed = 1,
            ResourceWeight = method == OneShotMethod.Snas ? 0.1 : 0,
        };
        var epochs = OneShotRunner.Run(options, train, validation);
        double trainSeconds = epochs[^1].Seconds; // the second epoch: no first-call costs
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{trainSeconds:F2} {PeakMiB():F0}"));
    }

    /// <summary>Runs the three methods in child processes and prints the table and the second/first order ratio.</summary>
    public static void Compare(int images)
    {
        Console.WriteLine($"one-shot benchmark: {Configuration(images)}; threads {get_num_threads()}");
        var results = new Dictionary<OneShotMethod, (double Seconds, double Mib)>();
        foreach (var method in new[] { OneShotMethod.Darts, OneShotMethod.DartsSecondOrder, OneShotMethod.Snas })
        {
            results[method] = Child(method, images);
            Console.WriteLine($"  {method,-17} {results[method].Seconds,8:F2} s/epoch   peak RSS {results[method].Mib,6:F0} MiB");
        }
        Console.WriteLine($"second order / first order: {results[OneShotMethod.DartsSecondOrder].Seconds / results[OneShotMethod.Darts].Seconds:F2}x time, " +
            $"{results[OneShotMethod.DartsSecondOrder].Mib / results[OneShotMethod.Darts].Mib:F2}x peak memory");
    }

    private static (double, double) Child(OneShotMethod method, int images)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (self.EndsWith("dotnet", StringComparison.Ordinal)) start.ArgumentList.Add(typeof(OneShotBenchmark).Assembly.Location);
        start.ArgumentList.Add("oneshot-once");
        start.ArgumentList.Add(method.ToString());
        start.ArgumentList.Add(images.ToString(CultureInfo.InvariantCulture));
        using var p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var parts = output.Trim().Split('\n')[^1].Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Peak resident set size of this process (VmHWM), MiB.</summary>
    private static double PeakMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
}
