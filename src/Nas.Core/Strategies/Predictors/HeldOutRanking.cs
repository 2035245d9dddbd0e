using System.Text.Json;
using Nas.Statistics;
using Nas.Strategies.Bananas;

namespace Nas.Strategies.Predictors;

/// <summary>
/// How well a predictor ranks what it has not been trained on: each proposal's prediction is kept until its score
/// comes back, and at the next fit the pairs since the last one (and all so far) give Kendall's and Spearman's
/// correlation. Shared by the strategies that fit a predictor during a search.
/// </summary>
internal sealed class HeldOutRanking
{
    private readonly Dictionary<long, double> _predicted = new();
    private readonly List<double[]> _recent = new(), _all = new();

    /// <summary>Keeps a proposal's prediction until its result arrives.</summary>
    public void Predicted(long proposal, double value) => _predicted[proposal] = value;

    /// <summary>Pairs a result with its prediction, if it had one; a failed trial only drops the prediction.</summary>
    public void Told(long proposal, double? score)
    {
        if (!_predicted.Remove(proposal, out double predicted) || score is not { } s) return;
        _recent.Add([predicted, s]);
        _all.Add([predicted, s]);
    }

    /// <summary>The step of fit number <paramref name="fit"/> on <paramref name="trials"/> trials; the recent pairs start afresh.</summary>
    public PredictorStep Fitted(int fit, int trials)
    {
        var step = new PredictorStep(fit, trials, _recent.Count, Correlation(_recent, RankCorrelation.Kendall),
            Correlation(_recent, RankCorrelation.Spearman), Correlation(_all, RankCorrelation.Kendall));
        _recent.Clear();
        return step;
    }

    /// <summary>A step's figures as the search log keeps them: correlations of fewer than three pairs are left out rather than written as NaN.</summary>
    public static string Json(PredictorStep step, IReadOnlyDictionary<string, double>? more = null)
    {
        var figures = new Dictionary<string, double>
        {
            ["trials"] = step.Trials, ["held_out"] = step.HeldOut, ["kendall"] = step.Kendall, ["spearman"] = step.Spearman, ["kendall_all"] = step.KendallAll,
        };
        foreach (var (k, v) in more ?? new Dictionary<string, double>()) figures[k] = v;
        return JsonSerializer.Serialize(figures.Where(f => double.IsFinite(f.Value)).ToDictionary());
    }

    private static double Correlation(List<double[]> pairs, Func<IReadOnlyList<double>, IReadOnlyList<double>, double> measure) =>
        pairs.Count < 3 ? double.NaN : measure(pairs.Select(p => p[0]).ToArray(), pairs.Select(p => p[1]).ToArray());

    /// <summary>The state for resuming: predictions still out, recent and all pairs.</summary>
    public (double[][] Predicted, double[][] Recent, double[][] All) Export() =>
        (_predicted.OrderBy(p => p.Key).Select(p => new[] { p.Key, p.Value }).ToArray(), _recent.ToArray(), _all.ToArray());

    /// <summary>Restores what <see cref="Export"/> wrote.</summary>
    public void Import(double[][] predicted, double[][] recent, double[][] all)
    {
        _predicted.Clear();
        foreach (var p in predicted) _predicted[(long)p[0]] = p[1];
        _recent.Clear();
        _recent.AddRange(recent);
        _all.Clear();
        _all.AddRange(all);
    }
}
