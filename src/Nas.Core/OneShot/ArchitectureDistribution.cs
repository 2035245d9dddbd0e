namespace Nas.OneShot;

/// <summary>Plain-number summaries of the per-edge op distributions (softmax of alpha).</summary>
public static class ArchitectureDistribution
{
    /// <summary>Entropy in nats of one edge's distribution (0·log 0 counts as 0).</summary>
    /// <param name="p">The edge's op probabilities, summing to 1.</param>
    public static double Entropy(IReadOnlyList<double> p) => -p.Where(x => x > 0).Sum(x => x * Math.Log(x));

    /// <summary>
    /// Entropy of the whole architecture distribution: edges are independent, so it is the sum of the
    /// per-edge entropies over every cell given.
    /// </summary>
    /// <param name="cells">Each cell's probabilities, [edges][ops].</param>
    public static double Entropy(params double[][][] cells) => cells.SelectMany(c => c).Sum(Entropy);

    /// <summary>Softmax of a row of logits, in double precision.</summary>
    /// <param name="logits">The logits.</param>
    public static double[] Softmax(IReadOnlyList<double> logits)
    {
        double max = logits.Max();
        var e = logits.Select(x => Math.Exp(x - max)).ToArray();
        double sum = e.Sum();
        return e.Select(x => x / sum).ToArray();
    }
}
