namespace Nas.Torch.Auto;

/// <summary>
/// Splits a time budget (see <see cref="AutoPlan"/>): the final training gets its share, screening a tenth of the
/// search, and the rungs the rest, as successive halving with every rung costing about the same (rung r trains
/// K/eta^r candidates on eta times the images of the rung before). The top rung trains on the whole search split,
/// for one epoch per half hour of budget (1 to 4).
/// </summary>
public static class AutoPlanner
{
    /// <summary>The facts a plan is made from.</summary>
    /// <param name="BudgetSeconds">The whole budget.</param>
    /// <param name="Elapsed">Budget seconds spent before planning (the probe).</param>
    /// <param name="ImagesPerSecond">Measured training speed of the reference network.</param>
    /// <param name="ScoreSeconds">Measured seconds to screen one candidate.</param>
    /// <param name="SearchImages">Training images of the search split.</param>
    /// <param name="ValidationImages">Validation images each candidate is measured on.</param>
    /// <param name="FinalImages">Training images of the final training.</param>
    /// <param name="FinalShare">Share of the budget for the final training.</param>
    /// <param name="Eta">Successive halving's eta.</param>
    /// <param name="Candidates">Candidates to screen, or null to size it from the time.</param>
    /// <param name="Search">halving (screening, then successive halving), random (random candidates, all at one fidelity) or none (no search: the reference trains for the whole budget).</param>
    /// <param name="HasReference">Whether the space has a reference network to fall back on when the budget is too short for a search.</param>
    /// <param name="ProxyEpochs">Search proxy: the final epochs the chosen network must still afford.</param>
    public sealed record Facts(double BudgetSeconds, double Elapsed, double ImagesPerSecond, double ScoreSeconds, int SearchImages,
        int ValidationImages, int FinalImages, double FinalShare, int Eta, int? Candidates, string Search = AutoPlanner.Halving, bool HasReference = false,
        int ProxyEpochs = 40);

    /// <summary>The search of <c>auto</c>: screening, then successive halving.</summary>
    public const string Halving = "halving";
    /// <summary>Plain random search in place of screening and promotion: random candidates, all trained at one fidelity (for comparisons).</summary>
    public const string Random = "random";
    /// <summary>No search: the space's reference network trains for the whole budget (the baseline of comparisons).</summary>
    public const string None = "none";

    /// <summary>
    /// Screening by a zero-cost proxy and no training before the final: the best-scoring candidate whose measured speed
    /// still affords <see cref="Facts.ProxyEpochs"/> epochs of the final training wins, the reference when none does.
    /// </summary>
    public const string Proxy = "proxy";

    /// <summary>Search proxy: the most candidates timed, best score first, before the reference wins by default.</summary>
    public const int ProxyTimings = 30;

    /// <summary>Images a candidate trains on to time it before its first rung (three short epochs of 512).</summary>
    public const int SpeedCheckImages = 3 * 512;

    /// <summary>Seconds to measure a candidate on the validation split: evaluation runs about three times as fast as training.</summary>
    public static double EvaluationSeconds(int validationImages, double imagesPerSecond) => validationImages / (3 * imagesPerSecond);

    /// <summary>The plan.</summary>
    /// <param name="f">The measured facts and the settings.</param>
    public static AutoPlan Make(Facts f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(f.BudgetSeconds, nameof(f.BudgetSeconds));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(f.ImagesPerSecond, nameof(f.ImagesPerSecond));
        double b = f.BudgetSeconds;
        double reserve = 15 + 0.01 * b;
        if (f.Search == Halving && f.HasReference)
        {
            // A search pays only when it can compare enough candidates at growing fidelity: with fewer than two rungs
            // it spends the time the reference network would have trained for on a coin toss (measured: 10 minutes on
            // Fashion-MNIST, 90.60% with the search against 91.38% without, docs/benchmarks.md).
            var searched = Make(f with { HasReference = false });
            if (searched.Rungs.Count < 2) return Make(f with { Search = None }) with { Fallback = true };
            return searched;
        }
        if (f.Search == Proxy) return ProxyPlan(f, reserve);
        if (f.Search == None)
            return new AutoPlan(b, f.ImagesPerSecond, f.ScoreSeconds, 1, [], f.Elapsed, f.FinalImages,
                Math.Max(1, (int)((b - reserve - f.Elapsed) / (f.FinalImages / f.ImagesPerSecond))), reserve, None);
        double final = f.FinalShare * b;
        double search = Math.Max(0, b - final - reserve - f.Elapsed);
        double score = Math.Max(f.ScoreSeconds, 0.005);
        int screen = f.Candidates ?? Math.Clamp((int)(0.1 * search / score), 10, 500);
        double rungTime = Math.Max(0, search - screen * score);
        int eta = f.Eta;
        int topEpochs = Math.Clamp((int)Math.Round(b / 1800), 1, 4);
        long top = (long)f.SearchImages * topEpochs;
        double evaluation = EvaluationSeconds(f.ValidationImages, f.ImagesPerSecond);
        if (f.Search == Random)
        {
            // No screening: all the search time trains random candidates at the middle rung's fidelity.
            long images = Math.Max(Math.Min(1000, f.SearchImages), top / eta);
            int epochs = (int)Math.Ceiling((double)images / f.SearchImages);
            int k = Math.Max(2, (int)(search / ((images + SpeedCheckImages) / f.ImagesPerSecond + evaluation)));
            var rung = new AutoRung((int)Math.Min(f.SearchImages, images / epochs), epochs, k);
            return new AutoPlan(b, f.ImagesPerSecond, 0, k, [rung], f.Elapsed + search, f.FinalImages,
                Math.Max(1, (int)(final / (f.FinalImages / f.ImagesPerSecond))), reserve, Random);
        }
        List<AutoRung> rungs = [];
        for (int count = 3; count >= 1; count--)
        {
            // Each rung r costs K/eta^r candidates x (its images + one evaluation).
            double perFirst = 0;
            for (int r = 0; r < count; r++)
                perFirst += Math.Pow(eta, -r) * (top / Math.Pow(eta, count - 1 - r) / f.ImagesPerSecond + evaluation);
            perFirst += SpeedCheckImages / f.ImagesPerSecond;
            int k = Math.Min(screen, (int)(rungTime / perFirst));
            if (k < 2 * (int)Math.Pow(eta, count - 1) && count > 1) continue;
            if (count == 1 && k < 2)
            {
                // Too little time for two candidates on the whole split: two on a smaller one.
                k = 2;
                top = Math.Max(Math.Min(1000, f.SearchImages), (long)((rungTime / 2 - evaluation) * f.ImagesPerSecond));
            }
            // Rounding the candidates per rung may overshoot: one fewer at the bottom until the rungs fit.
            do rungs = Rungs(k--, count, eta, top, f.SearchImages, screen);
            while (k >= 2 && rungs[0].Candidates * SpeedCheckImages / f.ImagesPerSecond + rungs.Sum(r => r.Candidates * (r.Images / f.ImagesPerSecond + evaluation)) > rungTime);
            break;
        }
        double searchEnd = f.Elapsed + search;
        int finalEpochs = Math.Max(1, (int)(final / (f.FinalImages / f.ImagesPerSecond)));
        return new AutoPlan(b, f.ImagesPerSecond, f.ScoreSeconds, screen, rungs, searchEnd, f.FinalImages, finalEpochs, reserve, Halving);
    }

    // Search proxy: screening about a fiftieth of the budget (10 to 200 candidates), the timings, then the final training.
    // The proxies rank by capacity (NASWOT's rho with the final training 0.79 at equal epochs, and 0.80 with its seconds,
    // docs/benchmarks.md): a larger network pays only where the budget would train the reference past the steep part of
    // its curve, so when the reference itself cannot afford the epochs asked for, the reference trains for all of it.
    private static AutoPlan ProxyPlan(Facts f, double reserve)
    {
        double b = f.BudgetSeconds;
        double score = Math.Max(f.ScoreSeconds, 0.005);
        int screen = f.Candidates ?? Math.Clamp((int)(0.02 * b / score), 10, 200);
        // The probe's network twice, then each candidate timed (up to ProxyTimings, about 1.5 times the reference's time
        // each: the timed are the better-scoring, larger ones), on three short epochs of at most 512 images.
        double timing = (2 + 1.5 * ProxyTimings) * 3 * Math.Min(512, f.SearchImages) / f.ImagesPerSecond;
        double searchEnd = f.Elapsed + screen * score + timing;
        double epochs = ProxyAffords(b, reserve, searchEnd, f.FinalImages, f.ImagesPerSecond);
        if (f.HasReference && epochs < f.ProxyEpochs)
            return Make(f with { Search = None }) with
            {
                Fallback = true, ProxyEpochs = f.ProxyEpochs,
                FallbackReason = FormattableString.Invariant($"too short for a larger network to pay (the reference network affords fewer than {f.ProxyEpochs} epochs)"),
            };
        return new AutoPlan(b, f.ImagesPerSecond, score, screen, [], searchEnd, f.FinalImages, Math.Max(1, (int)epochs), reserve, Proxy) { ProxyEpochs = f.ProxyEpochs };
    }

    /// <summary>
    /// Search proxy: the final epochs a network training at <paramref name="imagesPerSecond"/> affords after the search
    /// (as <see cref="FinalEpochs"/> counts them: the final training's augmentation costs a tenth more).
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="imagesPerSecond">The network's training speed.</param>
    public static double ProxyAffords(AutoPlan plan, double imagesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return ProxyAffords(plan.BudgetSeconds, plan.Reserve, plan.SearchEnd, plan.FinalImages, imagesPerSecond);
    }

    private static double ProxyAffords(double budget, double reserve, double searchEnd, int finalImages, double imagesPerSecond) =>
        Math.Max(0, budget - reserve - searchEnd) * 0.9 * imagesPerSecond / finalImages;

    private static List<AutoRung> Rungs(int k, int count, int eta, long top, int searchImages, int screen)
    {
        var rungs = new List<AutoRung>();
        for (int r = 0; r < count; r++)
        {
            long images = Math.Max(1, top / (long)Math.Pow(eta, count - 1 - r));
            int epochs = (int)Math.Ceiling((double)images / searchImages);
            int subset = (int)Math.Min(searchImages, images / epochs);
            int candidates = Math.Max(r == count - 1 ? 1 : 2, (int)Math.Round(k / Math.Pow(eta, r)));
            rungs.Add(new AutoRung(subset, epochs, Math.Min(candidates, screen)));
        }
        return rungs;
    }

    /// <summary>
    /// Candidates rung <paramref name="rung"/> can still afford when it starts: as planned, or fewer when the search is
    /// behind its plan (each costs its images at the measured speed of the candidates before it, plus an evaluation, and
    /// in the first rung its timing).
    /// Below 2 the search stops and the best so far wins.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="rung">The rung about to start.</param>
    /// <param name="now">Budget seconds spent.</param>
    /// <param name="imagesPerSecond">Measured speed of the candidates going on.</param>
    /// <param name="validationImages">Validation images per evaluation.</param>
    public static int Affordable(AutoPlan plan, int rung, double now, double imagesPerSecond, int validationImages)
    {
        double left = plan.SearchEnd - now;
        double each = (plan.Rungs[rung].Images + (rung == 0 ? SpeedCheckImages : 0)) / imagesPerSecond + EvaluationSeconds(validationImages, imagesPerSecond);
        return Math.Min(plan.Rungs[rung].Candidates, (int)Math.Floor(left / each));
    }

    /// <summary>
    /// The final training: the whole epochs that fit before the reserve at the winner's measured speed; when not even
    /// one does, one epoch on the part of the training set that fits (at least 1,000 images), so the budget holds.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="now">Budget seconds spent.</param>
    /// <param name="imagesPerSecond">The winner's measured training speed; the final training's augmentation costs a tenth more.</param>
    public static (int Epochs, int? Images) FinalEpochs(AutoPlan plan, double now, double imagesPerSecond)
    {
        double left = plan.BudgetSeconds - plan.Reserve - now;
        double epochs = left * 0.9 * imagesPerSecond / plan.FinalImages;
        if (epochs >= 1) return ((int)Math.Floor(epochs), null);
        return (1, (int)Math.Clamp(epochs * plan.FinalImages, Math.Min(1000, plan.FinalImages), plan.FinalImages));
    }

    /// <summary>
    /// The final training's epochs in all, re-planned after each of its epochs from its own measured epochs (the probe's
    /// short epochs misjudge a long one by up to a third, measured): as many as end by the budget (up to 2% over it,
    /// the test and the files in the reserve), the last one a part of an epoch (to a twentieth), so the budget is used
    /// to its end. After the first epoch that is the plan; up to the middle of the run it may grow (the first epoch
    /// runs about 15% slower than the next ones, measured, and the cosine bends little early on), and once more than 2
    /// epochs are done the first one no longer counts; after the middle it shrinks only when the run, at the speed of
    /// its last three epochs, would end more than 4% over, and grows only when it would end more than 4% early, so a steady
    /// machine does not bend the end of the schedule.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <param name="now">Budget seconds spent.</param>
    /// <param name="epochSeconds">Seconds of each epoch done, in order (at least one).</param>
    /// <param name="planned">The epochs planned now.</param>
    public static double FinalReplan(AutoPlan plan, double now, IReadOnlyList<double> epochSeconds, double planned)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfZero(epochSeconds.Count, nameof(epochSeconds));
        int done = epochSeconds.Count;
        double each = Math.Max(1e-3, epochSeconds.Skip(done > 2 ? 1 : 0).TakeLast(3).Average());
        double fit = Math.Max(done, done + Math.Floor(20 * (1.02 * plan.BudgetSeconds - plan.Reserve - now) / each) / 20);
        if (done == 1 || (fit > planned && done <= planned / 2)) return fit;
        double end = now + (planned - done) * each + plan.Reserve;
        if (end > 1.04 * plan.BudgetSeconds) return Math.Min(fit, planned);
        // Symmetrically it grows only when more than 4% of the budget would go unused (measured: a run whose epochs
        // slowed while another process ran, then sped up again, ended 3:49 early in an hour).
        return end < 0.96 * plan.BudgetSeconds ? Math.Max(fit, planned) : planned;
    }
}
