using System.Diagnostics;
using System.Globalization;
using Nas.Architectures;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.OneShot;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Issue 19's per-op profile of a DARTS_V2 training step (C=16, 8 cells, batch 128), ours against PyTorch's
/// (<c>bench/peers/darts_ops_torch.py</c>, the same method on the team's <c>darts_torch.py</c> network): the time of
/// each op class, forward and backward, measured around every leaf module (forward: hooks before and after it;
/// backward: two identity autograd functions, on its output, whose backward runs just before the module's, and on its
/// input, whose backward runs just after), the rest of each pass (concatenations, sums, the loss) as what the modules
/// leave, gradient clipping and the SGD step. The timing itself costs some of every module's time, on both sides, so
/// the step totals are above an unprofiled step's. Medians over the batches after three of warm-up; the two alternate.
/// Usage: Nas.Bench opprofile [--rounds 3] [--batches 13] [--threads 2]
/// </summary>
internal static class OpProfile
{
    public static int Run(string[] args)
    {
        int rounds = 3, batches = 13, threads = 2;
        if (!BenchOptions.Read("opprofile", args, new Dictionary<string, Action<string>>
        {
            ["--rounds"] = v => rounds = BenchOptions.Int(v),
            ["--batches"] = v => batches = BenchOptions.Int(v),
            ["--threads"] = v => threads = BenchOptions.Int(v),
        })) return 2;
        string script = Path.Combine(PeerBenchmark.RepositoryRoot(), "bench", "peers", "darts_ops_torch.py");
        string? shared = PeerBenchmark.SharedPeers(PeerBenchmark.RepositoryRoot());
        if (shared is null) { Console.Error.WriteLine("opprofile: ../shared/peers (darts_torch.py) not found; set NAS_PEERS"); return 2; }
        if (!PeerBenchmark.PythonHasTorch(out var version)) { Console.Error.WriteLine("opprofile: /usr/bin/python3 cannot import torch (apt-get install python3-torch)"); return 2; }
        torch.set_num_threads(threads);
        Console.WriteLine($"op profile: DARTS_V2, C=16, 8 cells, random 1x28x28 images, batch 128, {threads} threads, {batches} batches (3 warm-up), {rounds} rounds alternating; " +
            $"PyTorch {version}");
        var ours = new List<Dictionary<string, double>>();
        var peer = new List<Dictionary<string, double>>();
        for (int r = 0; r < rounds; r++)
        {
            void Ours() => ours.Add(OurProfile(batches));
            void Peer()
            {
                var (code, output) = PeerBenchmark.Python([script, "--shared", shared, "--batches", batches.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture)]);
                if (code != 0) throw new InvalidOperationException($"the peer failed ({code}):\n{output}");
                peer.Add(output.Split('\n').Where(l => l.StartsWith("op\t", StringComparison.Ordinal)).Select(l => l.Split('\t'))
                    .ToDictionary(f => f[1], f => double.Parse(f[2], CultureInfo.InvariantCulture)));
            }
            if (r % 2 == 0) { Ours(); Peer(); } else { Peer(); Ours(); }
        }
        var keys = ours.SelectMany(d => d.Keys).Concat(peer.SelectMany(d => d.Keys)).Distinct().OrderBy(Order).ThenBy(k => k, StringComparer.Ordinal).ToList();
        double Median(List<Dictionary<string, double>> runs, string key) => ResidualBenchmark.Median(runs.Select(d => d.GetValueOrDefault(key)).ToList());
        Console.WriteLine("| op class | ours ms | PyTorch ms | ours − PyTorch | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var key in keys)
        {
            double o = Median(ours, key), t = Median(peer, key);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {o:F2} | {t:F2} | {o - t:+0.00;-0.00} | {(t > 0 ? (o / t).ToString("F2", CultureInfo.InvariantCulture) : "–")} |"));
        }
        return 0;
    }

    // Forward rows first, then backward, then the step's other parts, then the totals.
    private static int Order(string key) => key.StartsWith("forward", StringComparison.Ordinal) ? 0 : key.StartsWith("backward", StringComparison.Ordinal) ? 1 : key.StartsWith("step", StringComparison.Ordinal) ? 3 : 2;

    // The op class of a leaf module, from its type and (for convolutions) its weight's shape and input channels.
    private static string? Class(nn.Module module, Tensor input) => module switch
    {
        TorchSharp.Modules.Conv2d c when c.weight!.shape[1] == 1 && input.shape[1] > 1 => "conv depthwise",
        TorchSharp.Modules.Conv2d c when c.weight!.shape[2] == 1 && c.weight.shape[3] == 1 => "conv 1x1",
        TorchSharp.Modules.Conv2d => "conv dense",
        TorchSharp.Modules.BatchNorm2d => "batch norm",
        TorchSharp.Modules.ReLU => "relu",
        TorchSharp.Modules.MaxPool2d or TorchSharp.Modules.AvgPool2d => "pooling",
        TorchSharp.Modules.AdaptiveAvgPool2d => "global pooling",
        TorchSharp.Modules.Linear => "linear",
        _ => null,
    };

    private static Dictionary<string, double> OurProfile(int batches)
    {
        using var scope = NewDisposeScope();
        using var data = TrainerBenchmark.Data(batches * 128);
        manual_seed(1);
        using var model = NetworkCatalog.Default.Build(ArchitectureSource.Load("DARTS_V2"), new InputShape(1, 28, 28, 10), new NetworkOptions(16, 8));
        model.train();
        // The kernels nas train would use: oneDNN admitted for this network where it is off by default.
        Nas.Torch.Runtime.CpuKernels.OneNetworkAtATime = true;
        using var kernels = Nas.Torch.Runtime.CpuKernels.AdmitOneDnnFor(model, [1, 28, 28]);
        using var optimizer = new MomentumSgd(model.parameters(), 0.9, 3e-4);
        var forward = new Dictionary<string, double>();
        var backward = new Dictionary<string, double>();
        var removers = new List<Action>();
        var leaves = model.named_modules().Select(m => m.module).Where(m => !m.named_children().Any()).OfType<nn.Module<Tensor, Tensor>>();
        foreach (var leaf in leaves)
        {
            long started = 0;
            string? kind = null;
            var clock = new BackwardClock();
            removers.Add(leaf.register_forward_pre_hook((m, x) =>
            {
                kind = Class(m, x);
                if (kind is null) return x;
                clock = new BackwardClock { Add = ms => backward[kind] = backward.GetValueOrDefault(kind) + ms };
                started = Stopwatch.GetTimestamp();
                var ending = clock;
                return is_grad_enabled() && x.requires_grad
                    ? Nas.Torch.Runtime.BackwardSignal.On(x, () => { if (ending.Started != 0) ending.Add(Stopwatch.GetElapsedTime(ending.Started).TotalMilliseconds); })
                    : x;
            }).remove);
            removers.Add(leaf.register_forward_hook((m, x, y) =>
            {
                if (kind is null) return y;
                forward[kind] = forward.GetValueOrDefault(kind) + Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var starting = clock;
                return is_grad_enabled() && y.requires_grad ? Nas.Torch.Runtime.BackwardSignal.On(y, () => starting.Started = Stopwatch.GetTimestamp()) : y;
            }).remove);
        }
        var rows = new Dictionary<string, List<double>>();
        void Add(string key, double ms) => (rows.TryGetValue(key, out var list) ? list : rows[key] = []).Add(ms);
        var iterator = new BatchIterator(data, 128, shuffle: false);
        int b = 0;
        foreach (var batch in iterator.Epoch(0))
        {
            using var batchScope = NewDisposeScope();
            using var owned = batch;
            forward.Clear();
            backward.Clear();
            optimizer.ZeroGrad();
            long t0 = Stopwatch.GetTimestamp();
            var loss = nn.functional.cross_entropy(model.call(batch.Images), batch.Labels);
            _ = loss.item<float>();
            double f = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            long t1 = Stopwatch.GetTimestamp();
            loss.backward();
            double bw = Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
            long t2 = Stopwatch.GetTimestamp();
            nn.utils.clip_grad_norm_(model.parameters(), 5.0);
            double clip = Stopwatch.GetElapsedTime(t2).TotalMilliseconds;
            long t3 = Stopwatch.GetTimestamp();
            optimizer.Step(0.05);
            double step = Stopwatch.GetElapsedTime(t3).TotalMilliseconds;
            if (b++ < 3) continue;
            foreach (var (k, v) in forward) Add($"forward: {k}", v);
            foreach (var (k, v) in backward) Add($"backward: {k}", v);
            Add("forward: the rest (concatenations, sums, loss)", f - forward.Values.Sum());
            Add("backward: the rest", bw - backward.Values.Sum());
            Add("gradient clipping", clip);
            Add("SGD step", step);
            Add("step total", f + bw + clip + step);
        }
        foreach (var remove in removers) remove();
        Console.WriteLine($"  ours: {Nas.Torch.Runtime.CpuKernels.Reason}");
        return rows.ToDictionary(r => r.Key, r => ResidualBenchmark.Median(r.Value));
    }

    // When a module's backward began (its output's gradient arrived); the end adds the time.
    private sealed class BackwardClock
    {
        public long Started;
        public Action<double> Add = _ => { };
    }
}
