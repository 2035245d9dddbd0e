using System.Diagnostics;
using System.Globalization;
using Nas.Spaces.Residual;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.Networks.Residual;
using Nas.Torch.OneShot;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Issue 19's per-phase profile of one training step of resnet-baseline, ours against PyTorch's on the same shapes,
/// threads and batch: taking the batch and flipping it (<see cref="BatchIterator"/>, <see cref="Augmentation"/>), the
/// forward pass with the loss, reading the loss and the batch accuracy, the backward pass, gradient-norm clipping, and
/// zeroing the gradients with the SGD step (<see cref="MomentumSgd"/>): the parts <c>Trainer</c> is made of, called the
/// way it calls them. Medians over the batches after three of warm-up; the two alternate for several rounds.
/// Usage: Nas.Bench phases [--rounds 3] [--images 2560] [--threads 2]
/// </summary>
internal static class PhaseProfile
{
    private static readonly string[] Phases = ["batch", "forward", "read", "backward", "clip", "step"];

    public static int Run(string[] args)
    {
        int rounds = 3, images = 2560, threads = 2;
        if (!BenchOptions.Read("phases", args, new Dictionary<string, Action<string>>
        {
            ["--rounds"] = v => rounds = BenchOptions.Int(v),
            ["--images"] = v => images = BenchOptions.Int(v),
            ["--threads"] = v => threads = BenchOptions.Int(v),
        })) return 2;
        string script = Path.Combine(PeerBenchmark.RepositoryRoot(), "bench", "peers", "residual_phases_torch.py");
        if (!PeerBenchmark.PythonHasTorch(out var version)) { Console.Error.WriteLine("phases: /usr/bin/python3 cannot import torch (apt-get install python3-torch)"); return 2; }
        torch.set_num_threads(threads);
        Console.WriteLine($"phase profile: resnet-baseline, {images} random 1x28x28 images, batch 128, {threads} threads, {rounds} rounds alternating; PyTorch {version}");
        var ours = Phases.ToDictionary(p => p, _ => new List<double>());
        var trainer = new List<double>();
        var peer = Phases.ToDictionary(p => p, _ => new List<double>());
        for (int r = 0; r < rounds; r++)
        {
            void Ours() { foreach (var (k, v) in OurPhases(images)) ours[k].Add(v); trainer.Add(TrainerRate(images)); }
            void Peer() { foreach (var (k, v) in PeerPhases(script, images, threads)) peer[k].Add(v); }
            if (r % 2 == 0) { Ours(); Peer(); } else { Peer(); Ours(); }
        }
        Console.WriteLine("| phase | ours ms | PyTorch ms | ours − PyTorch | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        double sumOurs = 0, sumPeer = 0;
        foreach (var p in Phases)
        {
            double o = ResidualBenchmark.Median(ours[p]), t = ResidualBenchmark.Median(peer[p]);
            sumOurs += o; sumPeer += t;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {p} | {o:F2} | {t:F2} | {o - t:+0.00;-0.00} | {o / t:F2} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| step total | {sumOurs:F2} | {sumPeer:F2} | {sumOurs - sumPeer:+0.00;-0.00} | {sumOurs / sumPeer:F2} |"));
        // The same step inside Trainer (one epoch, its own clock: warm-up batches included): what the loop around the phases adds.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"phases' step total as img/s: ours {128_000 / sumOurs:F0}, PyTorch {128_000 / sumPeer:F0}; Trainer.Train, the same recipe, one epoch: {ResidualBenchmark.Median(trainer):F0} img/s ({string.Join(", ", trainer.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))})"));
        return 0;
    }

    private static Dictionary<string, double> OurPhases(int images)
    {
        using var scope = NewDisposeScope();
        using var data = TrainerBenchmark.Data(images);
        using var model = new ResidualNetwork(ResidualSpace.BaselineGenome, new InputShape(1, 28, 28, 10));
        model.train();
        using var optimizer = new MomentumSgd(model.parameters(), 0.9, 3e-4);
        var augmentation = new Augmentation(HorizontalFlip: true);
        using var generator = new Generator(7919);
        var batches = new BatchIterator(data, 128, shuffle: true, seed: 1);
        var times = Phases.ToDictionary(p => p, _ => new List<double>());
        int b = 0;
        var watch = new Stopwatch();
        using var enumerator = batches.Epoch(1).GetEnumerator();
        while (true)
        {
            watch.Restart();
            if (!enumerator.MoveNext()) break;
            using var batchScope = NewDisposeScope();
            using var owned = enumerator.Current;
            var (x0, y) = owned;
            var x = augmentation.Apply(x0, generator);
            double t1 = watch.Elapsed.TotalMilliseconds;
            optimizer.ZeroGrad();
            var logits = model.call(x);
            var loss = nn.functional.cross_entropy(logits, y);
            double t2 = watch.Elapsed.TotalMilliseconds;
            _ = loss.item<float>();
            _ = logits.argmax(1).eq(y).sum().item<long>();
            double t3 = watch.Elapsed.TotalMilliseconds;
            loss.backward();
            double t4 = watch.Elapsed.TotalMilliseconds;
            nn.utils.clip_grad_norm_(model.parameters(), 5.0);
            double t5 = watch.Elapsed.TotalMilliseconds;
            optimizer.Step(0.05);
            double t6 = watch.Elapsed.TotalMilliseconds;
            if (b++ >= 3)
                foreach (var (k, v) in Phases.Zip([t1, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5])) times[k].Add(v);
        }
        return times.ToDictionary(p => p.Key, p => ResidualBenchmark.Median(p.Value));
    }

    private static double TrainerRate(int images)
    {
        using var scope = NewDisposeScope();
        using var data = TrainerBenchmark.Data(images);
        using var model = new ResidualNetwork(ResidualSpace.BaselineGenome, new InputShape(1, 28, 28, 10));
        var options = new Nas.Torch.Training.TrainingOptions { Epochs = 1, BatchSize = 128, Seed = 1, HorizontalFlip = true, CropPadding = 0 };
        return new Nas.Torch.Training.Trainer(options).Train(model, data, null).Last.ImagesPerSecond;
    }

    private static Dictionary<string, double> PeerPhases(string script, int images, int threads)
    {
        // Python puts the script's folder first on its path, so the script finds residual_torch.py beside it.
        var (code, output) = PeerBenchmark.Python([script, "--images", images.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture)]);
        if (code != 0) throw new InvalidOperationException($"the peer failed ({code}):\n{output}");
        return output.Split('\n').Where(l => l.StartsWith("phase ", StringComparison.Ordinal)).Select(l => l.Split(' '))
            .ToDictionary(f => f[1], f => double.Parse(f[2], CultureInfo.InvariantCulture));
    }
}
