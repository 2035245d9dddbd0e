namespace Nas.Strategies.Pareto;

/// <summary>
/// Non-dominated sorting, crowding and hypervolume of points that trade accuracy (maximised) against a cost
/// (minimised), as NSGA-II (Deb et al. 2002) uses them. Costs are compared on their raw scale (parameters,
/// multiply-adds, milliseconds): nothing is normalised, here or where <c>nas show</c> reports a front, so
/// hypervolumes of different objectives or reference costs are not comparable. Every point must be finite.
/// </summary>
public static class ParetoFront
{
    /// <summary>
    /// Each point's rank by fast non-dominated sorting: 0 for the points no other point dominates (the front),
    /// 1 for those that only rank-0 points dominate, and so on. O(n²).
    /// </summary>
    /// <param name="points">The points.</param>
    public static int[] Ranks(IReadOnlyList<ParetoPoint> points)
    {
        Check(points);
        int n = points.Count;
        var dominated = new List<int>[n];
        var dominators = new int[n];
        var ranks = new int[n];
        for (int i = 0; i < n; i++) dominated[i] = [];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                if (points[i].Dominates(points[j])) { dominated[i].Add(j); dominators[j]++; }
                else if (points[j].Dominates(points[i])) { dominated[j].Add(i); dominators[i]++; }
            }
        var current = Enumerable.Range(0, n).Where(i => dominators[i] == 0).ToList();
        for (int rank = 0; current.Count > 0; rank++)
        {
            var next = new List<int>();
            foreach (int p in current)
            {
                ranks[p] = rank;
                foreach (int q in dominated[p])
                    if (--dominators[q] == 0) next.Add(q);
            }
            current = next;
        }
        return ranks;
    }

    /// <summary>
    /// NSGA-II's crowding distance of each point among all the points given (pass one rank's points): for accuracy
    /// and for cost, the gap between the point's two neighbours in that objective over the objective's range, summed.
    /// The points at either end of either objective get infinity; an objective whose values are all equal adds 0.
    /// Equal values are ordered by index, so of equal points only the first and last can be ends.
    /// </summary>
    /// <param name="points">Points of one rank.</param>
    public static double[] CrowdingDistances(IReadOnlyList<ParetoPoint> points)
    {
        Check(points);
        var distances = new double[points.Count];
        AddCrowding(points, distances, p => p.Accuracy);
        AddCrowding(points, distances, p => p.Cost);
        return distances;
    }

    /// <summary>Each point's crowding distance within its own rank (see <see cref="CrowdingDistances(IReadOnlyList{ParetoPoint})"/>).</summary>
    /// <param name="points">The points.</param>
    /// <param name="ranks">Their ranks, as <see cref="Ranks"/> gives them.</param>
    public static double[] CrowdingDistances(IReadOnlyList<ParetoPoint> points, IReadOnlyList<int> ranks)
    {
        Check(points);
        ArgumentNullException.ThrowIfNull(ranks);
        if (ranks.Count != points.Count) throw new ArgumentException($"{ranks.Count} ranks for {points.Count} points", nameof(ranks));
        var distances = new double[points.Count];
        foreach (var group in Enumerable.Range(0, points.Count).GroupBy(i => ranks[i]))
        {
            var members = group.ToArray();
            var within = CrowdingDistances(members.Select(i => points[i]).ToArray());
            for (int k = 0; k < members.Length; k++) distances[members[k]] = within[k];
        }
        return distances;
    }

    /// <summary>
    /// The indices of the non-dominated points, by cost from the cheapest (equal points all belong; they are ordered by
    /// index). O(n log n).
    /// </summary>
    /// <param name="points">The points.</param>
    public static int[] Front(IReadOnlyList<ParetoPoint> points)
    {
        Check(points);
        var order = Enumerable.Range(0, points.Count).OrderBy(i => points[i].Cost).ThenByDescending(i => points[i].Accuracy).ThenBy(i => i).ToArray();
        var front = new List<int>();
        double bestCheaper = double.NegativeInfinity; // the best accuracy among strictly cheaper points
        for (int start = 0; start < order.Length;)
        {
            // One cost at a time: its most accurate points (sorted first) belong unless a cheaper point is as accurate.
            int end = start;
            double top = points[order[start]].Accuracy;
            while (end < order.Length && points[order[end]].Cost == points[order[start]].Cost) end++;
            if (top > bestCheaper)
                for (int k = start; k < end && points[order[k]].Accuracy == top; k++) front.Add(order[k]);
            bestCheaper = Math.Max(bestCheaper, top);
            start = end;
        }
        return front.ToArray();
    }

    /// <summary>
    /// The area the points dominate within the box of accuracy from 0 up and cost up to
    /// <paramref name="referenceCost"/>: the union of the rectangles [cost, referenceCost] × [0, accuracy]. A point
    /// that costs <paramref name="referenceCost"/> or more, or has no positive accuracy, adds nothing, and so does a
    /// dominated one.
    /// </summary>
    /// <param name="points">The points.</param>
    /// <param name="referenceCost">The cost bound of the box, finite.</param>
    public static double Hypervolume(IReadOnlyList<ParetoPoint> points, double referenceCost)
    {
        Check(points);
        if (!double.IsFinite(referenceCost)) throw new ArgumentOutOfRangeException(nameof(referenceCost), referenceCost, "must be finite");
        // Sweeping costs upwards: between two costs the area's height is the best accuracy at or below the lower one.
        var inside = points.Where(p => p.Cost < referenceCost && p.Accuracy > 0).OrderBy(p => p.Cost).ToArray();
        double area = 0, height = 0;
        for (int i = 0; i < inside.Length; i++)
        {
            height = Math.Max(height, inside[i].Accuracy);
            double next = i + 1 < inside.Length ? inside[i + 1].Cost : referenceCost;
            area += height * (next - inside[i].Cost);
        }
        return area;
    }

    // Adds one objective's share: ends infinite, the rest the gap between their neighbours over the range.
    private static void AddCrowding(IReadOnlyList<ParetoPoint> points, double[] distances, Func<ParetoPoint, double> value)
    {
        int n = points.Count;
        if (n == 0) return;
        var order = Enumerable.Range(0, n).OrderBy(i => value(points[i])).ThenBy(i => i).ToArray();
        double range = value(points[order[^1]]) - value(points[order[0]]);
        distances[order[0]] = distances[order[^1]] = double.PositiveInfinity;
        if (range <= 0) return;
        for (int k = 1; k < n - 1; k++)
            distances[order[k]] += (value(points[order[k + 1]]) - value(points[order[k - 1]])) / range;
    }

    private static void Check(IReadOnlyList<ParetoPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        for (int i = 0; i < points.Count; i++)
            if (!double.IsFinite(points[i].Accuracy) || !double.IsFinite(points[i].Cost))
                throw new ArgumentException($"point {i} is not finite: {points[i]}", nameof(points));
    }
}
