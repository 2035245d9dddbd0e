using System.Diagnostics;
using Nas.Architectures;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.Runtime;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Evaluation (eval mode, no gradients) of one network on random 28x28 images at several evaluation batch sizes, with
/// oneDNN on and off: images/s of each. Usage: Nas.Bench evalbatch [images=5000] [architecture=resnet-baseline] [batches=1000,256,128].
/// </summary>
internal static class EvaluationBatch
{
    public static void Run(int images, string architecture, int[] batchSizes)
    {
        var arch = ArchitectureSource.Load(architecture);
        var input = new InputShape(1, 28, 28, 10);
        using var generator = new Generator(1);
        using var data = new ImageDataset("random", rand(new long[] { images, 1, 28, 28 }, generator: generator), randint(0, 10, new long[] { images }, generator: generator), 10);
        TorchRuntime.UseThreadsHere();
        Console.WriteLine($"evaluation of {architecture} on {images} images, {get_num_threads()} threads; {CpuKernels.Reason}");
        foreach (bool oneDnn in new[] { true, false })
        {
            CpuKernels.SetOneDnn(oneDnn);
            foreach (int batch in batchSizes)
            {
                manual_seed(1);
                using var net = NetworkCatalog.Default.Build(arch, input);
                var trainer = new Trainer(new TrainingOptions { EvaluationBatchSize = batch });
                var clock = Stopwatch.StartNew();
                trainer.Evaluate(net, data); // warm-up: a new shape's first pass sets up its kernels
                double first = clock.Elapsed.TotalSeconds;
                clock.Restart();
                trainer.Evaluate(net, data);
                Console.WriteLine($"  oneDNN {(oneDnn ? "on " : "off")}, batch {batch,5}: {images / clock.Elapsed.TotalSeconds,8:F0} img/s (the first pass {first:F2} s, the second {clock.Elapsed.TotalSeconds:F2} s)");
            }
        }
    }
}
