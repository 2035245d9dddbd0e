using System.Diagnostics;
using Nas.Spaces.Residual;
using Nas.Torch.Networks;
using Nas.Torch.OneShot;
using Nas.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Does one network train faster as two single-threaded replicas than as one two-threaded model? Three
/// one-thread <c>nas train</c> processes together ran 1.6x the images of one two-thread process on the 2-core
/// machine (small tensors: libtorch's two OpenMP threads wait on each other). Here, in one process, alternated in
/// rounds: (a) resnet-baseline, batch 128, libtorch's 2 threads; (c) the same with batch 256; (b) two replicas on two threads of one libtorch
/// thread each, 64 images each, their gradients averaged into the first, one SGD step, the weights copied back.
/// </summary>
internal static class ReplicaCheck
{
    private static readonly InputShape Input = new(1, 28, 28, 10);

    public static void Run(int rounds, int steps)
    {
        int threads = get_num_threads();
        Console.WriteLine($"replica check: resnet-baseline, batch 128, {steps} steps per measurement, {rounds} rounds, main thread libtorch threads {threads}");
        manual_seed(3);
        using var images = randn(128, 1, 28, 28);
        using var labels = randint(0, 10, 128, ScalarType.Int64);
        using var images256 = cat([images, images.flip(3)]);
        using var labels256 = cat([labels, labels]);
        var one = new List<double>();
        var two = new List<double>();
        var big = new List<double>();
        Single(images, labels, 3);
        Replicas(images, labels, 3);
        for (int r = 0; r < rounds; r++)
        {
            bool replicasFirst = r % 2 == 1;
            if (replicasFirst) two.Add(Replicas(images, labels, steps));
            one.Add(Single(images, labels, steps));
            if (!replicasFirst) two.Add(Replicas(images, labels, steps));
            big.Add(Single(images256, labels256, steps / 2));
            Console.WriteLine($"  round {r + 1}: one model {threads} threads {one[^1]:F0} img/s, two replicas of 1 thread {two[^1]:F0} img/s, one model batch 256 {big[^1]:F0} img/s");
        }
        set_num_threads(threads); // the replicas' threads set libtorch's global count to 1
        double a = ResidualBenchmark.Median(one), b = ResidualBenchmark.Median(two);
        double c = ResidualBenchmark.Median(big);
        Console.WriteLine($"median: one model {a:F0} img/s, two replicas {b:F0} img/s (ratio {b / a:F2}), one model batch 256 {c:F0} img/s (ratio {c / a:F2})");
    }

    private static double Single(Tensor images, Tensor labels, int steps)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var net = NetworkCatalog.Default.Build(ResidualSpace.Baseline, Input);
        net.train();
        using var sgd = new MomentumSgd(net.parameters(), 0.9, 3e-4, nesterov: true);
        var clock = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++)
        {
            using var step = NewDisposeScope();
            sgd.ZeroGrad();
            nn.functional.cross_entropy(net.call(images), labels).backward();
            sgd.Step(0.05);
        }
        return steps * images.shape[0] / clock.Elapsed.TotalSeconds;
    }

    private static double Replicas(Tensor images, Tensor labels, int steps)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var nets = new[] { NetworkCatalog.Default.Build(ResidualSpace.Baseline, Input), NetworkCatalog.Default.Build(ResidualSpace.Baseline, Input) };
        var first = nets[0].parameters().ToArray();
        var second = nets[1].parameters().ToArray();
        using (no_grad()) for (int i = 0; i < first.Length; i++) second[i].copy_(first[i]);
        foreach (var n in nets) n.train();
        using var sgd = new MomentumSgd(first, 0.9, 3e-4, nesterov: true);
        var halves = new[] { images.narrow(0, 0, 64), images.narrow(0, 64, 64) };
        var halfLabels = new[] { labels.narrow(0, 0, 64), labels.narrow(0, 64, 64) };
        using var half = 0.5.ToScalar();
        // Two threads of their own (not the pool: Parallel.For would run one replica on this thread and change its count).
        using var start = new Barrier(3);
        using var done = new Barrier(3);
        var workers = Enumerable.Range(0, 2).Select(k => new Thread(() =>
        {
            set_num_threads(1);
            for (int s = 0; s < steps; s++)
            {
                start.SignalAndWait();
                using (NewDisposeScope()) nn.functional.cross_entropy(nets[k].call(halves[k]), halfLabels[k]).backward();
                done.SignalAndWait();
            }
        }, 16 << 20)).ToArray();
        foreach (var w in workers) w.Start();
        var clock = Stopwatch.StartNew();
        for (int s = 0; s < steps; s++)
        {
            foreach (var n in nets) n.zero_grad();
            start.SignalAndWait();
            done.SignalAndWait();
            using var step = NewDisposeScope();
            using (no_grad())
            {
                for (int i = 0; i < first.Length; i++) first[i].grad!.add_(second[i].grad!).mul_(half);
            }
            sgd.Step(0.05);
            using (no_grad()) for (int i = 0; i < first.Length; i++) second[i].copy_(first[i]);
        }
        foreach (var w in workers) w.Join();
        return steps * images.shape[0] / clock.Elapsed.TotalSeconds;
    }
}
