using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Forward + backward time of the ops a DARTS cell is made of, at C=16, 28x28, batch 128, in NCHW and in
/// channels-last layout (twice each, alternated: the first pass of each warms up allocator and caches).
/// </summary>
static class MicroOps
{
    static double Time(Func<Tensor, Tensor> f, Tensor x, int reps)
    {
        for (int i = 0; i < 2; i++) { using var s = NewDisposeScope(); var y = f(x); y.sum().backward(); }
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++) { using var s = NewDisposeScope(); var y = f(x); y.sum().backward(); }
        return sw.Elapsed.TotalMilliseconds / reps;
    }
    public static void Run()
    {
        int n = 128, c = 16, h = 28;
        Console.WriteLine($"layout benchmark: ms per forward + backward, C={c}, {h}x{h}, batch {n}, threads {torch.get_num_threads()}");
        var xs = torch.randn(n, c, h, h).requires_grad_(true);
        var xcl = torch.randn(n, h, h, c).permute(0, 3, 1, 2).requires_grad_(true);
        var dw = nn.Conv2d(c, c, 3, padding: 1, groups: c, bias: false);
        var pw = nn.Conv2d(c, c, 1, bias: false);
        var full = nn.Conv2d(c, c, 3, padding: 1, bias: false);
        var bn = Nas.Torch.Ops.Norms.BatchNorm2d(c, affine: false);
        var sep = new Nas.Torch.Ops.SepConv(c, c, 3, 1, 1, false);
        foreach (var (name, x) in new[] { ("NCHW", xs), ("NHWC", xcl), ("NCHW", xs), ("NHWC", xcl) })
        {
            Console.WriteLine($"{name}: relu {Time(t => nn.functional.relu(t), x, 20):F2} ms, dw3x3 {Time(t => dw.call(t), x, 20):F2}, pw1x1 {Time(t => pw.call(t), x, 20):F2}, full3x3 {Time(t => full.call(t), x, 20):F2}, bn {Time(t => bn.call(t), x, 20):F2}, sepconv {Time(t => sep.call(t), x, 10):F2}, cat4 {Time(t => torch.cat(new[]{t,t,t,t},1), x, 20):F2}");
        }
    }
}
