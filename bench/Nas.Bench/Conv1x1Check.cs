using System.Diagnostics;
using Nas.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Issue 19: the 1x1 convolutions carry most of DARTS_V2's gap to PyTorch 1.13 (opprofile: +85 ms of +132 per step).
/// Is a 1x1 convolution cheaper as a batched matrix product ([O, C] @ [N, C, HW])? Forward and backward (gradients of
/// the input and the weight) of DARTS_V2's 1x1 shapes at batch 128, as libtorch's convolution with oneDNN, without it,
/// and as the product; the outputs and gradients compared; medians of rounds, alternating.
/// Usage: Nas.Bench conv1x1 [rounds=5] [reps=10].
/// </summary>
internal static class Conv1x1Check
{
    // DARTS_V2 (C=16, 8 cells) on 28x28: the cells' preprocessing (4C in, C out) and the separable convolutions'
    // pointwise ones (C to C), in each of the three stages.
    private static readonly (int In, int Out, int Size)[] Shapes =
        [(64, 16, 28), (16, 16, 28), (128, 32, 14), (32, 32, 14), (256, 64, 7), (64, 64, 7)];

    public static void Run(int rounds, int reps)
    {
        const int n = 128;
        Console.WriteLine($"1x1 convolution against a matrix product: ms per forward + backward, batch {n}, threads {get_num_threads()}, medians of {rounds} rounds of {reps}");
        Console.WriteLine("| in → out, size | conv, oneDNN | conv, libtorch's own | matrix product | product / oneDNN | largest difference |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        double sumDnn = 0, sumOwn = 0, sumMm = 0;
        foreach (var (cin, cout, size) in Shapes)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(1);
            var x = randn(new long[] { n, cin, size, size }, generator: generator);
            var w = randn(new long[] { cout, cin, 1, 1 }, generator: generator).mul_(0.1);
            Tensor Conv(Tensor input, Tensor weight) => nn.functional.conv2d(input, weight);
            Tensor Product(Tensor input, Tensor weight) =>
                weight.view(cout, cin).matmul(input.view(n, cin, size * size)).view(n, cout, size, size);
            double difference = Difference(x, w, Conv, Product);
            var dnn = new List<double>();
            var own = new List<double>();
            var mm = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                CpuKernels.SetOneDnn(true);
                dnn.Add(Time(x, w, Conv, reps));
                CpuKernels.SetOneDnn(false);
                own.Add(Time(x, w, Conv, reps));
                CpuKernels.SetOneDnn(true);
                mm.Add(Time(x, w, Product, reps));
            }
            double d = Median(dnn), o = Median(own), m = Median(mm);
            (sumDnn, sumOwn, sumMm) = (sumDnn + d, sumOwn + o, sumMm + m);
            Console.WriteLine($"| {cin} → {cout}, {size}x{size} | {d:F2} | {o:F2} | {m:F2} | {m / d:F2} | {difference:G2} |");
        }
        Console.WriteLine($"| all six | {sumDnn:F2} | {sumOwn:F2} | {sumMm:F2} | {sumMm / sumDnn:F2} | |");
    }

    private static double Time(Tensor x, Tensor w, Func<Tensor, Tensor, Tensor> f, int reps)
    {
        var clock = new Stopwatch();
        for (int i = 0; i < reps + 2; i++)
        {
            using var scope = NewDisposeScope();
            var input = x.detach().requires_grad_(true);
            var weight = w.detach().requires_grad_(true);
            if (i == 2) clock.Start(); // two passes warm up
            var y = f(input, weight);
            var (gx, gw) = Gradients(y, input, weight);
            _ = gx.sum().item<float>() + gw.sum().item<float>();
        }
        return clock.Elapsed.TotalMilliseconds / reps;
    }

    private static (Tensor Input, Tensor Weight) Gradients(Tensor y, Tensor input, Tensor weight)
    {
        using var seed = ones_like(y);
        var grads = autograd.grad([y], [input, weight], [seed]);
        return (grads[0], grads[1]);
    }

    // The largest absolute difference in the output and both gradients, relative to the largest magnitude.
    private static double Difference(Tensor x, Tensor w, Func<Tensor, Tensor, Tensor> a, Func<Tensor, Tensor, Tensor> b)
    {
        using var scope = NewDisposeScope();
        CpuKernels.SetOneDnn(false); // libtorch's own convolution is right on every shape here
        var (ya, ga) = Pass(x, w, a);
        CpuKernels.SetOneDnn(true);
        var (yb, gb) = Pass(x, w, b);
        double Rel(Tensor p, Tensor q) => (p - q).abs().max().item<float>() / Math.Max(1e-12, p.abs().max().item<float>());
        return new[] { Rel(ya, yb), Rel(ga.Input, gb.Input), Rel(ga.Weight, gb.Weight) }.Max();
    }

    private static (Tensor Output, (Tensor Input, Tensor Weight) Grads) Pass(Tensor x, Tensor w, Func<Tensor, Tensor, Tensor> f)
    {
        var input = x.detach().requires_grad_(true);
        var weight = w.detach().requires_grad_(true);
        var y = f(input, weight);
        return (y.detach(), Gradients(y, input, weight));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
