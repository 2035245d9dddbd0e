using System.Globalization;

namespace Nas.Strategies;

/// <summary>
/// A <see cref="Random"/> whose whole state can be written down and restored (xoshiro256**, seeded by
/// splitmix64), so a strategy's draws continue exactly where they stopped when a search resumes.
/// <see cref="System.Random"/> offers no such export. Every draw goes through <see cref="NextUInt64"/>;
/// the base class's own generator is never used.
/// </summary>
public sealed class SeededRandom : Random
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A generator seeded from an integer; equal seeds give equal sequences.</summary>
    /// <param name="seed">Any value; splitmix64 spreads it over the four state words.</param>
    public SeededRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private SeededRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
        if ((s0 | s1 | s2 | s3) == 0) throw new ArgumentException("an all-zero xoshiro state never changes");
    }

    /// <summary>The state as text (four hexadecimal words); <see cref="FromState"/> reads it back.</summary>
    public string ExportState() => string.Join(":", new[] { _s0, _s1, _s2, _s3 }.Select(s => s.ToString("x16", CultureInfo.InvariantCulture)));

    /// <summary>A generator that continues from an exported state.</summary>
    /// <param name="state">Four hexadecimal words separated by colons, as <see cref="ExportState"/> writes them.</param>
    public static SeededRandom FromState(string state)
    {
        var words = state.Split(':');
        if (words.Length != 4) throw new FormatException("a random state has four words");
        var s = words.Select(w => ulong.Parse(w, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        return new SeededRandom(s[0], s[1], s[2], s[3]);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    // Lemire's multiply-shift with rejection: unbiased for every bound.
    private ulong Below(ulong bound)
    {
        if (bound == 0) return 0;
        ulong threshold = (0 - bound) % bound;
        while (true)
        {
            ulong high = Math.BigMul(NextUInt64(), bound, out ulong low);
            if (low >= threshold) return high;
        }
    }

    /// <summary>A non-negative integer below <see cref="int.MaxValue"/>.</summary>
    public override int Next() => (int)Below(int.MaxValue);

    /// <summary>An integer in [0, <paramref name="maxValue"/>), unbiased.</summary>
    /// <param name="maxValue">The exclusive upper bound, zero or more (0 gives 0).</param>
    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)Below((ulong)maxValue);
    }

    /// <summary>An integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>), unbiased.</summary>
    /// <param name="minValue">The inclusive lower bound.</param>
    /// <param name="maxValue">The exclusive upper bound, at least <paramref name="minValue"/> (equal gives it).</param>
    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return (int)(minValue + (long)Below((ulong)((long)maxValue - minValue)));
    }

    /// <summary>A non-negative 64-bit integer below <see cref="long.MaxValue"/>.</summary>
    public override long NextInt64() => (long)Below(long.MaxValue);

    /// <summary>A 64-bit integer in [0, <paramref name="maxValue"/>), unbiased.</summary>
    /// <param name="maxValue">The exclusive upper bound, zero or more (0 gives 0).</param>
    public override long NextInt64(long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (long)Below((ulong)maxValue);
    }

    /// <summary>A 64-bit integer in [<paramref name="minValue"/>, <paramref name="maxValue"/>), unbiased.</summary>
    /// <param name="minValue">The inclusive lower bound.</param>
    /// <param name="maxValue">The exclusive upper bound, at least <paramref name="minValue"/> (equal gives it).</param>
    public override long NextInt64(long minValue, long maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return unchecked(minValue + (long)Below(unchecked((ulong)(maxValue - minValue))));
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public override double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, 1) with 24 random bits.</summary>
    public override float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1U << 24));

    /// <summary>The same as <see cref="NextDouble"/>.</summary>
    protected override double Sample() => NextDouble();

    /// <summary>Fills <paramref name="buffer"/> with random bytes.</summary>
    /// <param name="buffer">The bytes to overwrite.</param>
    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    /// <summary>Fills <paramref name="buffer"/> with random bytes, eight from each draw.</summary>
    /// <param name="buffer">The bytes to overwrite.</param>
    public override void NextBytes(Span<byte> buffer)
    {
        for (int i = 0; i < buffer.Length; i += 8)
        {
            ulong bits = NextUInt64();
            for (int j = 0; j < 8 && i + j < buffer.Length; j++) buffer[i + j] = (byte)(bits >> (8 * j));
        }
    }
}
