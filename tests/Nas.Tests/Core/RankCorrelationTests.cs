using Nas.Statistics;

namespace Nas.Tests.Core;

public class RankCorrelationTests
{
    [Fact]
    public void The_same_order_is_one_and_the_reversed_order_is_minus_one()
    {
        double[] x = { 0.1, 0.5, 0.7, 2, 9 };
        double[] same = { 1, 2, 3, 4, 100 };
        double[] reversed = { 5, 4, 3, 2, 1 };
        Assert.Equal(1, RankCorrelation.Spearman(x, same), 12);
        Assert.Equal(1, RankCorrelation.Kendall(x, same), 12);
        Assert.Equal(-1, RankCorrelation.Spearman(x, reversed), 12);
        Assert.Equal(-1, RankCorrelation.Kendall(x, reversed), 12);
    }

    [Fact]
    public void Ties_in_one_sample_take_average_ranks_and_tau_b_discounts_them()
    {
        // y's ranks: 1, 2, 3.5, 5, 3.5. rho = sum(dx dy) / sqrt(sum dx^2 sum dy^2) = 8 / sqrt(10 * 9.5).
        // Pairs: 8 concordant, 1 discordant (4,5), 1 tied in y (3,5): tau-b = 7 / sqrt(10 * 9).
        double[] x = { 1, 2, 3, 4, 5 };
        double[] y = { 5, 6, 7, 8, 7 };
        Assert.Equal(new[] { 1, 2, 3.5, 5, 3.5 }, RankCorrelation.Ranks(y));
        Assert.Equal(8 / Math.Sqrt(95), RankCorrelation.Spearman(x, y), 12);
        Assert.Equal(7 / Math.Sqrt(90), RankCorrelation.Kendall(x, y), 12);
    }

    [Fact]
    public void Ties_in_both_samples()
    {
        // ranks x: 1.5 1.5 3 4, y: 1 2.5 2.5 4; rho = 3.75 / 4.5. Pairs: (1,2) tied in x, (2,3) tied in y, 4 concordant:
        // tau-b = 4 / sqrt((6 - 1)(6 - 1)) = 0.8.
        double[] x = { 1, 1, 2, 3 };
        double[] y = { 1, 2, 2, 3 };
        Assert.Equal(3.75 / 4.5, RankCorrelation.Spearman(x, y), 12);
        Assert.Equal(0.8, RankCorrelation.Kendall(x, y), 12);
        // symmetric in its two arguments
        Assert.Equal(RankCorrelation.Kendall(x, y), RankCorrelation.Kendall(y, x), 12);
        Assert.Equal(RankCorrelation.Spearman(x, y), RankCorrelation.Spearman(y, x), 12);
    }

    [Fact]
    public void Infinite_scores_rank_at_the_ends()
    {
        // a dead network's NASWOT score is -infinity: it must rank last, not break the statistic
        double[] score = { double.NegativeInfinity, 3, 10 };
        double[] accuracy = { 0.1, 0.5, 0.9 };
        Assert.Equal(1, RankCorrelation.Spearman(score, accuracy), 12);
        Assert.Equal(1, RankCorrelation.Kendall(score, accuracy), 12);
    }

    [Fact]
    public void A_constant_sample_has_no_correlation()
    {
        Assert.True(double.IsNaN(RankCorrelation.Spearman(new double[] { 1, 2, 3 }, new double[] { 4, 4, 4 })));
        Assert.True(double.IsNaN(RankCorrelation.Kendall(new double[] { 1, 2, 3 }, new double[] { 4, 4, 4 })));
    }

    [Fact]
    public void Unpaired_short_or_NaN_samples_are_refused()
    {
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => RankCorrelation.Spearman(new double[] { 1, 2 }, new double[] { 1, 2, 3 })).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => RankCorrelation.Kendall(new double[] { 1 }, new double[] { 1 })).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => RankCorrelation.Kendall(new double[] { 1, 2 }, new double[] { 1, double.NaN })).ParamName);
    }
}
