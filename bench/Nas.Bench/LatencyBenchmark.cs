using System.Diagnostics;
using System.Text.Json.Nodes;
using Nas.Spaces;
using Nas.Statistics;
using Nas.Strategies;
using Nas.Torch.Latency;
using Nas.Torch.Networks;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Issue 20: how well the per-op latency table (<see cref="LatencyTable"/>) predicts whole-network inference latency.
/// For random architectures of each space (Fashion-MNIST's 1x28x28 input, batch 1): the table's prediction against the
/// network timed whole, as rank correlation and relative error (the calibration networks left out), and what the table
/// cost against timing every network whole.
/// </summary>
internal static class LatencyBenchmark
{
    public static int Run(string[] args)
    {
        string[] spaces = [Spaces.Macro.MacroSpace.Name, Spaces.Residual.ResidualSpace.Name, Spaces.Cells.DartsCellSpace.Name];
        int networks = 40, seed = 1, repeats = 15, threads = 1;
        string? csv = null;
        if (!BenchOptions.Read("latency", args, new Dictionary<string, Action<string>>
        {
            ["--spaces"] = v => spaces = v.Split(','),
            ["--networks"] = v => networks = BenchOptions.Int(v),
            ["--seed"] = v => seed = BenchOptions.Int(v),
            ["--repeats"] = v => repeats = BenchOptions.Int(v),
            ["--threads"] = v => threads = BenchOptions.Int(v),
            ["--csv"] = v => csv = v,
        })) return 2;
        set_num_threads(threads);
        var input = new InputShape(1, 28, 28, 10);
        Console.WriteLine($"latency table against whole-network timing: {networks} random networks per space (the first {new LatencyTable().CalibrationNetworks} calibrate), input {input}, batch 1, {threads} thread(s), lower quartile of {repeats} runs");
        Console.WriteLine("| space | networks | measured ms (min–max) | Spearman | Kendall | mean abs. error | median predicted/measured | table ops | table s | whole-network s |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        using var rows = csv is null ? null : new StreamWriter(csv);
        rows?.WriteLine("space,network,ops,table_sum_ms,predicted_ms,measured_ms");
        foreach (var name in spaces)
        {
            var space = SpaceCatalog.Default.Create(name, System.Text.Json.JsonDocument.Parse("{}").RootElement);
            var table = new LatencyTable(repeats);
            var random = new SeededRandom(seed);
            var predicted = new List<double>();
            var measured = new List<double>();
            double tableSeconds = 0, wholeSeconds = 0;
            for (int i = 0; i < networks; i++)
            {
                using var scope = NewDisposeScope();
                var architecture = ArchitectureSampler.Sample(space, random);
                using var network = NetworkCatalog.Default.Build(architecture, input, NetworkOptions.Default);
                long start = Stopwatch.GetTimestamp();
                var p = table.Predict(network, input);
                tableSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
                start = Stopwatch.GetTimestamp();
                double whole = table.MeasureWhole(network, input);
                wholeSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
                rows?.WriteLine(FormattableString.Invariant($"{name},{i},{p.Ops},{p.TableSumMilliseconds},{p.Milliseconds},{whole}"));
                if (i < table.CalibrationNetworks) continue; // their measurements set the scale
                predicted.Add(p.Milliseconds);
                measured.Add(whole);
            }
            var ratios = predicted.Zip(measured, (p, m) => p / m).Order().ToArray();
            double error = predicted.Zip(measured, (p, m) => Math.Abs(p - m) / m).Average();
            Console.WriteLine($"| {name} | {predicted.Count} | {measured.Average():F2} ({measured.Min():F2}–{measured.Max():F2}) | {RankCorrelation.Spearman(predicted, measured):F3} | " +
                $"{RankCorrelation.Kendall(predicted, measured):F3} | {error:P1} | {ratios[ratios.Length / 2]:F2} | {table.Count} | {tableSeconds:F1} | {wholeSeconds:F1} |");
        }
        return 0;
    }
}
