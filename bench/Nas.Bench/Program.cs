using System.Diagnostics;
using System.Globalization;
using Nas.Bench;
using Nas.Torch.Runtime;

// Usage: Nas.Bench trainer [rounds] [images]   our trainer vs a plain TorchSharp loop, side by side
//        Nas.Bench allocator [rounds] [images] the trainer with and without the malloc tuning (child processes)
//        Nas.Bench once [images]               one run of our trainer; prints images/s (used by 'allocator')
string mode = args.Length > 0 ? args[0] : "trainer";
int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
bool tuned = NativeAllocator.Configure();
CpuKernels.ApplyDefaults();

switch (mode)
{
    case "trainer":
    {
        int rounds = Arg(1, 4), images = Arg(2, 6400);
        using var data = TrainerBenchmark.Data(images);
        Console.WriteLine($"trainer benchmark: macro network (default space, seed 1), batch {TrainerBenchmark.BatchSize}, {images} random 1x28x28 images, {rounds} rounds, threads {TorchSharp.torch.get_num_threads()}, malloc tuned {tuned}");
        TrainerBenchmark.Ours(data); TrainerBenchmark.Plain(data); // warm-up
        var ours = new List<double>(); var plain = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            ours.Add(TrainerBenchmark.Ours(data));
            plain.Add(TrainerBenchmark.Plain(data));
            Console.WriteLine($"  round {r + 1}: ours {ours[^1]:F0} img/s, plain loop {plain[^1]:F0} img/s");
        }
        double mo = Median(ours), mp = Median(plain);
        Console.WriteLine($"median: ours {mo:F0} img/s, plain loop {mp:F0} img/s, ratio ours/plain {mo / mp:F3}");
        break;
    }
    case "once":
    {
        using var data = TrainerBenchmark.Data(Arg(1, 6400));
        TrainerBenchmark.Ours(data);
        Console.WriteLine(TrainerBenchmark.Ours(data).ToString("F1", CultureInfo.InvariantCulture));
        break;
    }
    case "allocator":
    {
        int rounds = Arg(1, 4), images = Arg(2, 6400);
        Console.WriteLine($"allocator benchmark: our trainer in child processes, malloc tuned vs NAS_NO_MALLOPT=1, {rounds} rounds of {images} images");
        var on = new List<double>(); var off = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            on.Add(Child(images, optOut: false));
            off.Add(Child(images, optOut: true));
            Console.WriteLine($"  round {r + 1}: tuned {on[^1]:F0} img/s, default malloc {off[^1]:F0} img/s");
        }
        Console.WriteLine($"median: tuned {Median(on):F0} img/s, default malloc {Median(off):F0} img/s, speed-up {Median(on) / Median(off):F2}x");
        break;
    }
    default:
        Console.Error.WriteLine($"error: unknown benchmark '{mode}' (trainer, allocator, once)");
        return 2;
}
return 0;

static double Median(List<double> xs)
{
    var s = xs.OrderBy(x => x).ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
}

static double Child(int images, bool optOut)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (self.EndsWith("dotnet", StringComparison.Ordinal)) start.ArgumentList.Add(typeof(TrainerBenchmark).Assembly.Location);
    start.ArgumentList.Add("once");
    start.ArgumentList.Add(images.ToString(CultureInfo.InvariantCulture));
    start.Environment["NAS_NO_MALLOPT"] = optOut ? "1" : "0";
    using var p = Process.Start(start)!;
    string output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    return double.Parse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture);
}
