using System.Diagnostics;
using Nas.Architectures;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.Runtime;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// One rung trial of nas auto as its loop runs it (oneDNN admitted per network, two replicas, a validation pass), for
/// each architecture given, on random 28x28 images: where the trial's seconds go. Usage: Nas.Bench rungcheck ARCH...
/// NAS_RUNG_THREAD=worker runs the trials on a thread-pool thread, as nas auto does (glibc gives such a thread its own
/// malloc arena, which maps every allocation of 64 MiB or more afresh); NAS_RUNG_EVAL_BATCH=N validates in batches of N.
/// </summary>
internal static class RungCheck
{
    /// <summary>Runs the trials; false (after one line on standard error) when an environment setting is not one it knows.</summary>
    public static bool Run(string[] architectures)
    {
        string? thread = Environment.GetEnvironmentVariable("NAS_RUNG_THREAD"), data = Environment.GetEnvironmentVariable("NAS_RUNG_DATA");
        string? batch = Environment.GetEnvironmentVariable("NAS_RUNG_EVAL_BATCH");
        if (architectures.Length == 0) return Refuse("give at least one architecture file or name");
        if (thread is not (null or "" or "worker")) return Refuse($"NAS_RUNG_THREAD: '{thread}' is not 'worker' (or unset, for this thread)");
        if (data is not (null or "" or "fashion-mnist")) return Refuse($"NAS_RUNG_DATA: '{data}' is not 'fashion-mnist' (or unset, for random images)");
        int evaluationBatch = new TrainingOptions().EvaluationBatchSize;
        if (!string.IsNullOrEmpty(batch) && !(int.TryParse(batch, out evaluationBatch) && evaluationBatch > 0))
            return Refuse($"NAS_RUNG_EVAL_BATCH: '{batch}' is not a positive whole number");
        (string Name, Architecture Architecture)[] loaded;
        try { loaded = architectures.Select(name => (Path.GetFileName(name), ArchitectureSource.Load(name))).ToArray(); }
        catch (NasUserException e) { return Refuse(e.Message); }
        bool real = data == "fashion-mnist";
        if (thread == "worker") Task.Run(() => Trials(loaded, evaluationBatch, real)).GetAwaiter().GetResult();
        else Trials(loaded, evaluationBatch, real);
        return true;
    }

    private static bool Refuse(string message)
    {
        Console.Error.WriteLine($"rungcheck: {message}");
        return false;
    }

    private static void Trials((string Name, Architecture Architecture)[] architectures, int evaluationBatch, bool real)
    {
        CpuKernels.OneNetworkAtATime = true;
        var input = new InputShape(1, 28, 28, 10);
        using var generator = new Generator(1);
        // NAS_RUNG_DATA=fashion-mnist: the first 3,000 and last 5,000 training images, normalised as a search does
        // (trained weights on real images can behave unlike random ones: denormal numbers, for one).
        using var pair = real ? DatasetCatalog.Load("fashion-mnist", null) : null;
        using var train = real ? pair!.Train.Take(3000, "train") : new ImageDataset("train", rand(new long[] { 3000, 1, 28, 28 }, generator: generator), randint(0, 10, new long[] { 3000 }, generator: generator), 10);
        using var validation = real ? pair!.Train.Select(Enumerable.Range(55000, 5000).Select(i => (long)i).ToArray(), "val") : new ImageDataset("val", rand(new long[] { 5000, 1, 28, 28 }, generator: generator), randint(0, 10, new long[] { 5000 }, generator: generator), 10);
        if (real)
        {
            var normalization = Normalization.Compute(train);
            normalization.ApplyInPlace(train);
            normalization.ApplyInPlace(validation);
        }
        TorchRuntime.UseThreadsHere();
        foreach (var (name, arch) in architectures.Concat(architectures))
        {
            using var scope = NewDisposeScope();
            manual_seed(1);
            var clock = Stopwatch.StartNew();
            using var model = NetworkCatalog.Default.Build(arch, input);
            double built = clock.Elapsed.TotalSeconds;
            using var kernels = CpuKernels.AdmitOneDnnFor(model, input.Example);
            double admitted = clock.Elapsed.TotalSeconds;
            var trainer = new Trainer(new TrainingOptions { Epochs = 1, BatchSize = 128, LearningRate = 0.05, Seed = 1, Replicas = 2, EvaluationBatchSize = evaluationBatch });
            var result = trainer.Train(model, train, validation, replicate: kernels.Replicating(() => NetworkCatalog.Default.Build(arch, input)));
            double trained = clock.Elapsed.TotalSeconds;
            var again = trainer.Evaluate(model, validation);
            double evaluated = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"{name}: oneDNN {CpuKernels.OneDnnEnabled} ({kernels.Routed} convolution module(s) routed to libtorch's own); build {built:F2} s, admission check {admitted - built:F2} s, " +
                $"Train {trained - admitted:F2} s (its seconds {result.Seconds:F2}, {result.Epochs[0].ImagesPerSecond:F0} img/s training), a second validation {evaluated - trained:F2} s");
        }
    }
}
