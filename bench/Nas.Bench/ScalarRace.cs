using System.Diagnostics;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Bench;

/// <summary>
/// Does TorchSharp's temporary Scalar race its finalizer? <c>a + b</c> is <c>a.add(b, 1)</c>: the Scalar made for
/// the 1 is only read for its handle, so a garbage collection during the native call may finalize it (freeing
/// the native scalar) while libtorch still reads it. Runs many adds under GC pressure from a second thread,
/// first with the operator, then with one Scalar held for the whole run, and counts the failures of each.
/// </summary>
internal static class ScalarRace
{
    public static int Run(int seconds)
    {
        using var a = ones(4);
        using var b = ones(4);
        using var held = 1.ToScalar();
        var results = new List<(string Name, long Adds, long Failures)>();
        foreach (var (name, add) in new (string, Func<Tensor>)[] { ("a + b (temporary Scalar)", () => a + b), ("a.add(b, held Scalar)", () => a.add(b, held)) })
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            // Garbage and collections on another thread, so the finalizer runs while adds are in flight.
            var pressure = Task.Run(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    for (int i = 0; i < 1000; i++) _ = new byte[256];
                    GC.Collect(0);
                }
            });
            long adds = 0, failures = 0;
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var c = add();
                    if (c[0].item<float>() != 2) failures++;
                }
                catch (ExternalException) { failures++; }
                adds++;
            }
            pressure.Wait();
            results.Add((name, adds, failures));
            Console.WriteLine($"{name}: {adds} adds in {clock.Elapsed.TotalSeconds:F0} s, {failures} failed");
        }
        return results[1].Failures == 0 ? 0 : 1;
    }
}
