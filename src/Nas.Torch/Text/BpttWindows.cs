using Nas.Strategies;

namespace Nas.Torch.Text;

/// <summary>
/// Truncated back-propagation windows over a batchified stream of <c>steps</c> rows: each window reads rows
/// [Start, Start + Length) and predicts rows [Start + 1, Start + Length + 1). Fixed windows have length
/// <c>bptt</c>; variable ones follow AWD-LSTM: the base is <c>bptt</c> with probability 0.95, else <c>bptt/2</c>,
/// then the length is drawn from N(base, 5), at least 5 (or <c>bptt</c> when smaller); the learning rate of a
/// window is scaled by Length / bptt (see <see cref="LearningRateScale"/>).
/// </summary>
public static class BpttWindows
{
    /// <summary>One window: rows [Start, Start + Length) are read, rows [Start + 1, Start + Length + 1) predicted.</summary>
    /// <param name="Start">The first row read.</param>
    /// <param name="Length">The rows read, at least 1.</param>
    public readonly record struct Window(int Start, int Length);

    /// <summary>Windows of length <paramref name="bptt"/> (the last one shorter) over <paramref name="steps"/> rows.</summary>
    /// <param name="steps">Rows of the batchified stream.</param>
    /// <param name="bptt">The window length, at least 1.</param>
    public static IEnumerable<Window> Fixed(long steps, int bptt)
    {
        if (bptt < 1) throw new ArgumentOutOfRangeException(nameof(bptt));
        for (long start = 0; start < steps - 1; start += bptt)
            yield return new Window((int)start, (int)Math.Min(bptt, steps - 1 - start));
    }

    /// <summary>AWD-LSTM's variable-length windows over <paramref name="steps"/> rows (see the type's summary).</summary>
    /// <param name="steps">Rows of the batchified stream.</param>
    /// <param name="bptt">The nominal window length, at least 1.</param>
    /// <param name="random">Draws the lengths; the same generator state gives the same windows.</param>
    public static IEnumerable<Window> Variable(long steps, int bptt, Random random)
    {
        if (bptt < 1) throw new ArgumentOutOfRangeException(nameof(bptt));
        long start = 0;
        int minimum = Math.Min(5, bptt);
        while (start < steps - 1)
        {
            double baseLength = random.NextDouble() < 0.95 ? bptt : bptt / 2.0;
            int length = Math.Max(minimum, (int)(baseLength + 5 * random.NextStandardNormal()));
            length = (int)Math.Min(length, steps - 1 - start);
            yield return new Window((int)start, length);
            start += length;
        }
    }

    /// <summary>The AWD learning-rate scale of a window: its length over the nominal <c>bptt</c>.</summary>
    /// <param name="window">The window.</param>
    /// <param name="bptt">The nominal window length.</param>
    public static double LearningRateScale(Window window, int bptt) => (double)window.Length / bptt;
}
