using System.Diagnostics;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Data;
using Nas.Torch.Networks.Macro;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Images/s of our <see cref="Trainer"/> against a minimal plain TorchSharp loop (same network, batch,
/// data, optimiser), alternated in rounds in one process so machine noise hits both alike.
/// </summary>
internal static class TrainerBenchmark
{
    public const int BatchSize = 128;

    /// <summary>The fixed benchmark network: a random macro architecture of the default space (seed 1).</summary>
    public static MacroNetwork Network()
    {
        torch.manual_seed(1);
        var arch = ArchitectureSampler.Sample(MacroSpace.Create(), new Random(1));
        return new MacroNetwork(MacroSpace.Decode(arch), 1, 28, 28, 10);
    }

    /// <summary>Random 28x28 images: speed does not depend on pixel values, and the benchmark needs no download.</summary>
    public static ImageDataset Data(int count)
    {
        torch.manual_seed(2);
        return new ImageDataset("random", randn(count, 1, 28, 28), randint(0, 10, count, ScalarType.Int64), 10);
    }

    public static double Ours(ImageDataset data)
    {
        using var net = Network();
        var trainer = new Trainer(new TrainingOptions { Epochs = 1, BatchSize = BatchSize, Seed = 1 });
        var result = trainer.Train(net, data, null);
        return result.Last.ImagesPerSecond;
    }

    /// <summary>The plainest correct loop: shuffle, slice, forward, loss, backward, clip, step; a scope per batch.</summary>
    public static double Plain(ImageDataset data)
    {
        using var net = Network();
        net.train();
        using var optimizer = optim.SGD(net.parameters(), 0.05, 0.9, weight_decay: 3e-4);
        using var order = randperm(data.Count);
        var clock = Stopwatch.StartNew();
        long seen = 0;
        for (long start = 0; start < data.Count; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var index = order.narrow(0, start, Math.Min(BatchSize, data.Count - start));
            var x = data.Images.index_select(0, index);
            var y = data.Labels.index_select(0, index);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(net.forward(x), y);
            loss.backward();
            nn.utils.clip_grad_norm_(net.parameters(), 5.0);
            optimizer.step();
            seen += y.shape[0];
        }
        return seen / clock.Elapsed.TotalSeconds;
    }
}
