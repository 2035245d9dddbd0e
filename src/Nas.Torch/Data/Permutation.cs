namespace Nas.Torch.Data;

/// <summary>
/// Seeded permutations for splits and shuffling. They use <see cref="System.Random"/> with a seed,
/// whose sequence .NET keeps stable across versions and platforms, so a seed means the same split
/// everywhere, independent of the torch build.
/// </summary>
internal static class Permutation
{
    /// <summary>A uniformly random permutation of 0..count-1 (Fisher-Yates).</summary>
    public static long[] Shuffle(int count, Random random)
    {
        var order = new long[count];
        for (int i = 0; i < count; i++) order[i] = i;
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>One seed from two (e.g. a run's seed and an epoch), mixed by SplitMix64 so that nearby pairs differ.</summary>
    public static int Mix(int seed, int stream)
    {
        ulong z = ((ulong)(uint)seed << 32 | (uint)stream) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) >> 33);
    }
}
