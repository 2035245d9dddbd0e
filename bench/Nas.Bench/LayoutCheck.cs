using Nas.Torch.Ops;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Runs every registry op on NCHW or channels-last inputs (forward and backward, many times, small channel counts and odd
/// sizes), one op at a time, printing each before it runs: glibc aborts on heap corruption, so the last line
/// printed names the op that corrupted memory.
/// </summary>
static class LayoutCheck
{
    public static void Run(int repeats, bool channelsLast)
    {
        Console.WriteLine($"layout check: every registry op, {(channelsLast ? "channels-last" : "NCHW")} inputs, {repeats} forward+backward passes each");
        foreach (int c in new[] { 4, 6, 8, 16 })
        foreach (int stride in new[] { 1, 2 })
        foreach (int size in new[] { 7, 14, 28 })
        foreach (var name in OpRegistry.Default.Names)
        {
            Console.WriteLine($"C={c} stride={stride} size={size} {name}");
            Console.Out.Flush();
            using var op = OpRegistry.Default.Create(name, c, stride, affine: true);
            for (int i = 0; i < repeats; i++)
            {
                using var scope = NewDisposeScope();
                var x = (channelsLast ? ChannelsLast.Of(randn(8, c, size, size)) : randn(8, c, size, size)).requires_grad_(true);
                var y = op.call(x);
                y.sum().backward();
            }
        }
        Console.WriteLine("no corruption detected");
    }
}
