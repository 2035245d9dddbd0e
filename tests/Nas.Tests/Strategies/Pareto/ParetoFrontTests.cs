using Nas.Strategies;
using Nas.Strategies.Pareto;

namespace Nas.Tests.Strategies.Pareto;

public sealed class ParetoFrontTests
{
    // Points on a coarse grid (many ties and duplicates) or spread continuously, by seed.
    private static ParetoPoint[] RandomPoints(int seed)
    {
        var random = new SeededRandom(seed);
        int n = random.Next(1, 60);
        bool grid = seed % 2 == 0;
        return Enumerable.Range(0, n).Select(_ => grid
            ? new ParetoPoint(random.Next(6) / 5.0, random.Next(1, 7))
            : new ParetoPoint(random.NextDouble(), 1 + 100 * random.NextDouble())).ToArray();
    }

    // Peels the front off again and again, checking every pair: the definition of the ranks, O(n^3).
    private static int[] BruteForceRanks(IReadOnlyList<ParetoPoint> points)
    {
        var ranks = Enumerable.Repeat(-1, points.Count).ToArray();
        for (int rank = 0; ranks.Contains(-1); rank++)
        {
            var left = Enumerable.Range(0, points.Count).Where(i => ranks[i] < 0).ToArray();
            foreach (int i in left.Where(i => !left.Any(j => points[j].Dominates(points[i]))).ToArray()) ranks[i] = rank;
        }
        return ranks;
    }

    [Fact]
    public void Dominance_needs_at_least_as_good_in_both_and_better_in_one()
    {
        var p = new ParetoPoint(0.8, 10);
        Assert.True(p.Dominates(new ParetoPoint(0.7, 10)));
        Assert.True(p.Dominates(new ParetoPoint(0.8, 11)));
        Assert.False(p.Dominates(p));
        Assert.False(p.Dominates(new ParetoPoint(0.9, 11)));
        Assert.False(new ParetoPoint(0.7, 10).Dominates(p));
    }

    [Fact]
    public void Ranks_match_a_brute_force_peeling_on_random_points()
    {
        for (int seed = 1; seed <= 200; seed++)
        {
            var points = RandomPoints(seed);
            Assert.Equal(BruteForceRanks(points), ParetoFront.Ranks(points));
        }
    }

    [Fact]
    public void Front_is_every_point_nothing_dominates_cheapest_first()
    {
        for (int seed = 1; seed <= 200; seed++)
        {
            var points = RandomPoints(seed);
            var expected = Enumerable.Range(0, points.Length).Where(i => !points.Any(q => q.Dominates(points[i])))
                .OrderBy(i => points[i].Cost).ThenBy(i => i).ToArray();
            Assert.Equal(expected, ParetoFront.Front(points));
        }
        Assert.Empty(ParetoFront.Front([]));
    }

    [Fact]
    public void Crowding_distances_on_a_hand_worked_front()
    {
        // Accuracy spans 0.4 and cost 7. B: (0.8 - 0.5) / 0.4 + (4 - 1) / 7; C: (0.9 - 0.6) / 0.4 + (8 - 2) / 7.
        ParetoPoint a = new(0.5, 1), b = new(0.6, 2), c = new(0.8, 4), d = new(0.9, 8);
        var distances = ParetoFront.CrowdingDistances([c, a, d, b]);
        Assert.Equal(0.75 + 6.0 / 7, distances[0], 12);
        Assert.Equal(double.PositiveInfinity, distances[1]);
        Assert.Equal(double.PositiveInfinity, distances[2]);
        Assert.Equal(0.75 + 3.0 / 7, distances[3], 12);
        Assert.All(ParetoFront.CrowdingDistances([a, d]), x => Assert.Equal(double.PositiveInfinity, x));
        Assert.Equal(double.PositiveInfinity, Assert.Single(ParetoFront.CrowdingDistances([b])));
    }

    [Fact]
    public void Crowding_by_rank_measures_each_point_among_its_own_rank_only()
    {
        // Rank 0: a, b, g, c (accuracy spans 0.4, cost 4); rank 1: e and f, both ends.
        // b: (0.7 - 0.5) / 0.4 + (3 - 1) / 4 = 1; g: (0.9 - 0.6) / 0.4 + (5 - 2) / 4 = 1.5.
        ParetoPoint a = new(0.5, 1), b = new(0.6, 2), g = new(0.7, 3), c = new(0.9, 5), e = new(0.4, 3), f = new(0.55, 6);
        var points = new[] { a, e, b, f, g, c };
        var ranks = ParetoFront.Ranks(points);
        Assert.Equal(new[] { 0, 1, 0, 1, 0, 0 }, ranks);
        var distances = ParetoFront.CrowdingDistances(points, ranks);
        Assert.Equal(1.0, distances[2], 12);
        Assert.Equal(1.5, distances[4], 12);
        Assert.Equal(new[] { 0, 1, 3, 5 }, Enumerable.Range(0, points.Length).Where(i => double.IsPositiveInfinity(distances[i])));
    }

    [Fact]
    public void Hypervolume_on_hand_worked_examples()
    {
        // Two steps up to the reference 4: 0.5 over [1, 3), then 0.8 over [3, 4).
        ParetoPoint[] front = [new(0.5, 1), new(0.8, 3)];
        Assert.Equal(0.5 * 2 + 0.8 * 1, ParetoFront.Hypervolume(front, 4), 12);
        // A dominated point, points at or beyond the reference, and no accuracy add nothing.
        ParetoPoint[] more = [.. front, new(0.4, 2), new(0.8, 3.5), new(0.99, 4), new(1.0, 9), new(0, 0.5), new(-0.2, 0)];
        Assert.Equal(1.8, ParetoFront.Hypervolume(more, 4), 12);
        // A point cheaper and better than both covers them.
        Assert.Equal(0.9 * 3.5, ParetoFront.Hypervolume([.. more, new(0.9, 0.5)], 4), 12);
        Assert.Equal(0, ParetoFront.Hypervolume(front, 1));
        Assert.Equal(0, ParetoFront.Hypervolume([], 10));
    }

    [Fact]
    public void Hypervolume_is_the_covered_area_counted_cell_by_cell()
    {
        for (int seed = 1; seed <= 100; seed++)
        {
            var random = new SeededRandom(seed);
            var points = Enumerable.Range(0, random.Next(1, 20)).Select(_ => new ParetoPoint(random.Next(-2, 10), random.Next(0, 15))).ToArray();
            int reference = random.Next(1, 16);
            // The unit cell [x, x+1] x [y, y+1] is covered when a point costs at most x and is at least y+1 accurate.
            int cells = 0;
            for (int x = 0; x < reference; x++)
                for (int y = 0; y < 10; y++)
                    if (points.Any(p => p.Cost <= x && p.Accuracy >= y + 1)) cells++;
            Assert.Equal(cells, ParetoFront.Hypervolume(points, reference), 9);
        }
    }

    [Fact]
    public void Points_that_are_not_finite_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ParetoFront.Ranks([new(double.NaN, 1)]));
        Assert.Throws<ArgumentException>(() => ParetoFront.Hypervolume([new(0.5, double.PositiveInfinity)], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParetoFront.Hypervolume([new(0.5, 1)], double.NaN));
    }
}
