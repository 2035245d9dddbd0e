namespace Nas.Statistics;

/// <summary>
/// Rank correlations of two paired samples: how well one ordering (a proxy's scores, a cheap training's accuracy)
/// predicts another (the accuracy at full fidelity). Both are in [-1, 1]: 1 is the same order, -1 the reversed one.
/// Ties are handled as the usual definitions do (scipy's <c>spearmanr</c> and <c>kendalltau</c>'s default tau-b).
/// </summary>
public static class RankCorrelation
{
    /// <summary>
    /// Spearman's rho: the Pearson correlation of the two samples' ranks, tied values sharing the average of their ranks.
    /// NaN when either sample is constant (the correlation is undefined).
    /// </summary>
    /// <param name="x">The first sample; no NaN.</param>
    /// <param name="y">The second, paired with <paramref name="x"/> by position; the same length.</param>
    /// <exception cref="ArgumentException">The samples differ in length, hold fewer than 2 pairs, or hold a NaN.</exception>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        return Pearson(Ranks(x), Ranks(y));
    }

    /// <summary>
    /// Kendall's tau-b: (concordant − discordant pairs) / sqrt((n0 − n1)(n0 − n2)), where n0 = n(n−1)/2 and n1, n2 count
    /// the pairs tied in <paramref name="x"/> and in <paramref name="y"/>; a pair tied in either is neither concordant
    /// nor discordant. NaN when either sample is constant. O(n²), which is nothing at the sizes of a rank study.
    /// </summary>
    /// <param name="x">The first sample; no NaN.</param>
    /// <param name="y">The second, paired with <paramref name="x"/> by position; the same length.</param>
    /// <exception cref="ArgumentException">The samples differ in length, hold fewer than 2 pairs, or hold a NaN.</exception>
    public static double Kendall(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x, y);
        int n = x.Count;
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                int dx = x[i].CompareTo(x[j]), dy = y[i].CompareTo(y[j]);
                if (dx == 0) tiedX++;
                if (dy == 0) tiedY++;
                if (dx == 0 || dy == 0) continue;
                if (dx == dy) concordant++; else discordant++;
            }
        long pairs = (long)n * (n - 1) / 2;
        double denominator = Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
        return denominator == 0 ? double.NaN : (concordant - discordant) / denominator;
    }

    /// <summary>The 1-based ranks of a sample, ascending; tied values share the average of the ranks they span.</summary>
    /// <param name="values">The sample; infinities rank at the ends, NaN is refused.</param>
    /// <exception cref="ArgumentException">A value is NaN.</exception>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        if (values.Any(double.IsNaN)) throw new ArgumentException("a rank correlation needs numbers, got NaN", nameof(values));
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            double rank = (start + end) / 2.0 + 1; // the average of the 1-based ranks start+1 .. end+1
            for (int k = start; k <= end; k++) ranks[order[k]] = rank;
            start = end + 1;
        }
        return ranks;
    }

    private static double Pearson(double[] a, double[] b)
    {
        double meanA = a.Average(), meanB = b.Average();
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - meanA, db = b[i] - meanB;
            ab += da * db;
            aa += da * da;
            bb += db * db;
        }
        return aa == 0 || bb == 0 ? double.NaN : ab / Math.Sqrt(aa * bb);
    }

    private static void Check(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"the samples must be paired: {x.Count} values against {y.Count}", nameof(y));
        if (x.Count < 2) throw new ArgumentException($"a rank correlation needs at least 2 pairs, got {x.Count}", nameof(x));
        if (x.Any(double.IsNaN)) throw new ArgumentException("a rank correlation needs numbers, got NaN", nameof(x));
        if (y.Any(double.IsNaN)) throw new ArgumentException("a rank correlation needs numbers, got NaN", nameof(y));
    }
}
