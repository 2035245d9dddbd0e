using System.Diagnostics;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Evaluation;
using Nas.Search;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Torch.Data;
using Nas.Torch.Final;
using Nas.Torch.Networks;
using Nas.Torch.Proxies;
using Nas.Torch.Runtime;
using Nas.Torch.Search;
using Nas.Torch.Statistics;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Torch.Auto;

/// <summary>
/// The <c>auto</c> pipeline: a time budget in, a trained network out. It probes the machine's speed and plans
/// (<see cref="AutoPlanner"/>); screens sampled architectures without training; trains the most promising at growing
/// fidelity, keeping one in eta per rung (successive halving over both the images and the epochs), re-planning each
/// rung from the measured speed; trains the winner on the whole training set for the epochs that fit; and measures
/// the test set once. Every step is in the search log (<see cref="AutoLog"/>) and the final training keeps a checkpoint
/// after every epoch, so a killed run resumes where it was.
/// </summary>
public sealed class AutoSearch : ISearch
{
    private readonly SpaceKind _kind;
    private readonly PreparedData _data;
    private readonly SettingValues _settings, _dataSettings;
    private readonly double _budget;
    private readonly NetworkCatalog _networks = NetworkCatalog.Default;
    private ImageDataset? _shuffled;
    private bool _dataDisposed;

    internal AutoSearch(ResolvedRequest r, PreparedData data, JsonObject configuration)
    {
        Request = r.Request;
        Space = r.Space;
        _kind = r.Kind;
        _data = data;
        _settings = r["auto"];
        _dataSettings = r["data"];
        _budget = r["budget"].Duration("time").TotalSeconds;
        Configuration = configuration;
        _reference = LoadReference(); // before anything is written: a bad auto.reference changes nothing
        if (_settings.Text("search") == AutoPlanner.Proxy && _settings.OptionalText("proxy") == NoProxy)
            throw new SettingException("auto.proxy", $"{NoProxy} ranks nothing, and search {AutoPlanner.Proxy} chooses by the proxy's ranking: give params, naswot or synflow (default {DefaultProxy})");
    }

    // The network the search starts from and falls back on: auto.reference when given, else the space's own.
    private readonly Architecture? _reference;

    private Architecture? LoadReference()
    {
        if (_settings.OptionalText("reference") is not { } given) return _kind.Reference(Space);
        Architecture loaded;
        try { loaded = ArchitectureSource.Load(given); }
        catch (NasUserException e) { throw new SettingException("auto.reference", e.Message); }
        if (loaded.Space.Name != Space.Name)
            throw new SettingException("auto.reference", $"'{given}' is an architecture of the {loaded.Space.Name} space; this run searches the {Space.Name} space");
        // The same values in the searched space (a file may record the space's settings in another order or an older form).
        try { return Architecture.FromValuesJson(Space, loaded.ValuesJson()); }
        catch (ArchitectureException e) { throw new SettingException("auto.reference", $"'{given}' is not a member of the searched {Space.Name} space: {e.Message}"); }
    }

    /// <inheritdoc/>
    public SearchRequest Request { get; }

    /// <inheritdoc/>
    public SearchSpace Space { get; }

    /// <inheritdoc/>
    public JsonObject Configuration { get; }

    // What the plan does (a requested search may fall back to none); before planning, what was asked.
    private string Search => _plan?.Search ?? _settings.Text("search");

    private AutoPlan? _plan;

    private InputShape Input => new(_data.Train.Channels, _data.Train.Height, _data.Train.Width, _data.Train.Classes);

    // Children of the search: a short, plain recipe (the rungs compare candidates, the final training makes the model).
    private TrainingOptions Recipe(int epochs, int seed, int? replicas = null) =>
        new() { Epochs = epochs, BatchSize = 128, LearningRate = 0.05, Seed = seed, Replicas = replicas ?? Replicas };

    // Data-parallel copies of one thread each, or one copy on libtorch's threads: as asked, else as the probe chose
    // (recorded in the plan, so a resumed run trains alike; a plan from before the probe chose had 2, at most one a core).
    private int Replicas => Asked ?? (_plan is { Replicas: > 0 } p ? p.Replicas : Math.Min(2, Environment.ProcessorCount));

    private int? Asked => _settings.OptionalInteger("replicas") is { } r ? Math.Max(1, Math.Min(r, Environment.ProcessorCount)) : null;

    /// <summary>
    /// The replica counts the probe tries when <c>auto.replicas</c> is not given: one copy on all of libtorch's threads,
    /// and one replica of one thread per core (on 2 cores two replicas trained resnet-baseline 1.2 to 1.4 times and
    /// DARTS_V2 1.26 times as fast as one copy, docs/benchmarks.md; on more cores the shares of a batch get small, so
    /// at most one replica per 16 images of a batch).
    /// </summary>
    /// <param name="cores">The machine's cores.</param>
    /// <param name="batchSize">The batch the replicas share.</param>
    public static IReadOnlyList<int> ReplicaOptions(int cores, int batchSize)
    {
        int most = Math.Max(1, Math.Min(cores, batchSize / 16));
        return most > 1 ? [1, most] : [1];
    }

    /// <summary>
    /// The replica count a run uses from the probe's rates: the most replicas, unless fewer are more than
    /// <see cref="ReplicaMargin"/> times as fast in the probe. The probe's short epochs undersell the replicas against
    /// one copy on libtorch's threads: on 2 cores, whole epochs of two replicas ran 1.13-1.31 times their probe's rate
    /// (resnet-baseline and c8), one copy's 0.70-0.99 times; where one copy won the probe by 5 and 10% it then trained
    /// 8% and about 30% fewer epochs than the replicas did in the same time (docs/benchmarks.md).
    /// </summary>
    /// <param name="rates">Images per second of the probe for each replica count tried.</param>
    public static int ChooseReplicas(IReadOnlyDictionary<int, double> rates)
    {
        if (rates.Count == 0) throw new ArgumentException("the probe measured no replica count", nameof(rates));
        int most = rates.Keys.Max();
        var fastest = rates.MaxBy(r => r.Value);
        return fastest.Value > ReplicaMargin * rates[most] ? fastest.Key : most;
    }

    /// <summary>How many times as fast in the probe fewer replicas must be to be chosen over the most (see <see cref="ChooseReplicas"/>).</summary>
    public const double ReplicaMargin = 1.15;

    private Func<nn.Module<Tensor, Tensor>>? Replicate(Architecture architecture, int? replicas = null) =>
        (replicas ?? Replicas) > 1 ? () => _networks.Build(architecture, Input, NetworkOptions.Default) : null;

    private int SeedOf(int candidate) => unchecked(Request.Seed * 1_000_003 + candidate * 7919 + 17) & int.MaxValue;

    /// <summary>Runs (or continues) the pipeline; the model, its result and best.json end in the session's directory.</summary>
    /// <param name="session">The store (the search log), the directory (needed: the model goes there), the observer, whether to resume.</param>
    /// <param name="cancellationToken">Stops the run; the log and the final training's checkpoint stay for a resume.</param>
    public Task<SearchResult> RunAsync(SearchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Directory is null) throw new NasUserException("an auto run needs a directory: the trained model is written there");
        return Task.Run(() => Run(session, cancellationToken), cancellationToken);
    }

    private SearchResult Run(SearchSession session, CancellationToken ct)
    {
        TorchRuntime.UseThreadsHere();
        var clock = Stopwatch.StartNew();
        var log = AutoLog.Read(session.Store, SpaceCatalog.Default);
        if (!session.Resume && log.Plan is not null) throw new NasUserException($"{session.Store.Location} already holds an auto run: resume it");
        double before = log.Elapsed;
        double Now() => before + clock.Elapsed.TotalSeconds;
        var observer = session.Observer;

        if (log.Plan is null) log.AddPlan(MakePlan(), Now());
        var plan = _plan = log.Plan!;
        var resumed = session.Resume ? new SearchResumed(log.Trials.Count, log.Trials.Count, 0, 0, true, 0) : null;
        observer?.Started(new SearchStart(Request.Method, Space, ImageDataSettings.Describe(_data), plan.Summary, session.Store.Location, resumed, plan.Lines));

        if (log.Done is null)
        {
            if (log.Candidates is null) log.AddCandidates(Screen(plan, ct), Now());
            int units = plan.Screen > 0 ? 1 : 0;
            int planned = 1 + plan.Rungs.Sum(r => r.Candidates) + plan.FinalEpochs;
            observer?.EpochFinished(new SearchEpoch("auto-screen", units, planned,
                [SearchFigure.Count("candidates", log.Candidates!.Count)], log.Candidates![0].Architecture, Search switch
                {
                    AutoPlanner.None => plan.FallbackNetwork is null ? "no search: the reference network" : "no search: the short-budget network",
                    AutoPlanner.Random => $"sampled {log.Candidates!.Count} architectures",
                    AutoPlanner.Proxy => $"ranked {log.Candidates!.Count} architectures by {ProxyName} without training",
                    _ => $"screened {log.Candidates!.Count} architectures without training",
                }));
            var winner = Search == AutoPlanner.Proxy ? ChooseByProxy(log, plan, Now, observer, units, planned) : RunRungs(log, plan, Now, observer, ref units, planned, ct);
            Final(session, log, plan, winner, Now, observer, units, ct);
        }
        var best = log.Candidates![log.Final!.Value.Candidate];
        var done = log.Done!;
        double test = done["test_accuracy"]!.GetValue<double>();
        var lastTrial = log.Trials.LastOrDefault(t => t.Candidate == best.Index);
        return new SearchResult
        {
            Best = best.Architecture,
            Figures =
            [
                SearchFigure.Fraction("test_accuracy", test), SearchFigure.Count("parameters", best.Parameters),
                new SearchFigure("final_epochs", log.FinalPlanned ?? log.Final!.Value.Epochs), SearchFigure.Fraction("search_val_accuracy", lastTrial?.Accuracy ?? double.NaN),
                new SearchFigure("budget_seconds_used", done["elapsed"]!.GetValue<double>(), FigureUnit.Seconds),
            ],
            Artifacts = [new SearchArtifact("best.json", best.Architecture.ToJson()), .. _kind.Artifacts(best.Architecture)],
            Notes = [$"test accuracy {100 * test:F2}% ({done["test_examples"]}: measured once, after the final training); model in {Path.Combine(session.Directory!, FinalOutput.Model)}" +
                (File.Exists(Path.Combine(session.Directory!, Export.OnnxExport.FileName)) ? $" and {Path.Combine(session.Directory!, Export.OnnxExport.FileName)} (ONNX)" : "")],
            Elapsed = clock.Elapsed,
        };
    }

    // The probe: the reference network (or a sampled one) trains three short epochs.
    private AutoPlan MakePlan()
    {
        var probe = ProbeArchitecture;
        var scoreClock = Stopwatch.StartNew();
        var (_, madds, _) = Measure(probe, SeedOf(0));
        double score = scoreClock.Elapsed.TotalSeconds;
        // Threads: each way of using the cores trains the probe's network; the fastest is the run's.
        var rates = new SortedDictionary<int, double>();
        bool admitted = false;
        foreach (int replicas in Asked is { } asked ? [asked] : ReplicaOptions(Environment.ProcessorCount, 128))
            (rates[replicas], admitted) = ProbeRate(probe, replicas);
        int chosen = ChooseReplicas(rates);
        double rate = rates[chosen];
        var plan = AutoPlanner.Make(new AutoPlanner.Facts(_budget, 0, rate, score, _data.Train.Count, _data.Validation.Count,
            _data.Train.Count + _data.Validation.Count, _settings.Real("final_share"), _settings.Integer("eta"), _settings.OptionalInteger("candidates"), Search, _reference is not null,
            _settings.Integer("proxy_epochs")))
            with { ProbeMultiplyAdds = madds, OneDnnAdmitted = admitted, Replicas = chosen, ReplicaRates = rates, ReplicasAsked = Asked is not null };
        return ShortBudgetNetwork(plan) is { } network ? plan with { FallbackNetwork = _kind.Describe(network) } : plan;
    }

    // A search that falls back (too short to pay) trains the kind's short-budget network where it has one, measured to
    // do better than the reference at such budgets; not where the user named the reference.
    private Architecture? ShortBudgetNetwork(AutoPlan plan) =>
        plan.Fallback && _settings.OptionalText("reference") is null ? _kind.ShortBudget(Space) : null;

    // The probe's network: the reference, or one sampled from the run's seed.
    private Architecture ProbeArchitecture => _reference ?? ArchitectureSampler.Sample(Space, new SeededRandom(Request.Seed));

    // Images per second of a whole epoch of the probe's network, from three short ones with the kernels its final
    // training will get, scaled to what a whole epoch runs at: measured, 10-batch epochs ran at 727 img/s where the
    // same network's 430-batch epochs ran at 600.
    private (double Rate, bool Admitted) ProbeRate(Architecture probe, int replicas)
    {
        var (rate, admitted) = ShortEpochs(probe, SeedOf(0), 1280, replicas);
        return (ShortEpochFactor * rate, admitted);
    }

    // Three short epochs of an architecture with the kernels and replicas its training gets: the mean speed of the last
    // two (the first warms up: a network's first batches in a process set up its kernels, about twice as slow,
    // docs/benchmarks.md), and whether oneDNN was admitted for it alone.
    private (double Rate, bool Admitted) ShortEpochs(Architecture architecture, int seed, int images, int replicas, TimeSpan? limit = null)
    {
        using var scope = NewDisposeScope();
        using var few = Prefix(Math.Min(_data.Train.Count, images));
        TorchRuntime.Seed(seed);
        using var model = _networks.Build(architecture, Input, NetworkOptions.Default);
        bool? before = CpuKernels.OneDnnEnabled;
        using var kernels = CpuKernels.AdmitOneDnnFor(model, Input.Example);
        bool admitted = before == false && CpuKernels.OneDnnEnabled == true;
        var result = new Trainer(Recipe(3, seed, replicas)).Train(model, few, null, replicate: kernels.Replicating(Replicate(architecture, replicas)), limit: limit);
        // Stopped at its limit in the first epoch: that part of it (a network that slow is not chosen either way).
        return ((result.Epochs.Count > 1 ? result.Epochs.Skip(1) : result.Epochs).Average(e => e.ImagesPerSecond), admitted);
    }

    // A probe epoch of 10 batches runs faster than a long one (docs/benchmarks.md, nas auto at equal wall time).
    private const double ShortEpochFactor = 0.85;

    // Its size, its cost and the screening proxy's score, from a network built from the candidate's seed.
    private (long Parameters, long Madds, double Score) Measure(Architecture architecture, int seed)
    {
        using var scope = NewDisposeScope();
        TorchRuntime.Seed(seed);
        using var model = _networks.Build(architecture, Input, NetworkOptions.Default);
        long parameters = ModelStatistics.Count(model).Network;
        long madds = ModelStatistics.MultiplyAdds(model, Input.Example);
        string name = ProxyName;
        if (name == NoProxy) return (parameters, madds, 0);
        var proxy = ProxyCatalog.Default.Get(name);
        double score = proxy is ParameterCountProxy ? Math.Log(parameters) : proxy.Score(model, ScreenBatch.Images, ScreenBatch.Labels);
        return (parameters, madds, score);
    }

    /// <summary>The <c>auto.proxy</c> that ranks nothing: the rungs start from the candidates in the order they were sampled.</summary>
    public const string NoProxy = "none";

    /// <summary>Search proxy's <c>auto.proxy</c> when none is given (the proxy that ranked the final training best, docs/benchmarks.md).</summary>
    public const string DefaultProxy = "naswot";

    // The proxy screening ranks by: as asked, else halving's none (its rungs rank) and proxy's naswot; nothing for the others.
    private string ProxyName => Search switch
    {
        AutoPlanner.Halving => _settings.OptionalText("proxy") ?? NoProxy,
        AutoPlanner.Proxy => _settings.OptionalText("proxy") ?? DefaultProxy,
        _ => NoProxy,
    };

    // One fixed minibatch of training images for the data-dependent proxies (NASWOT's kernel).
    private (Tensor Images, Tensor Labels) ScreenBatch => _screenBatch ??= (
        _data.Train.Images.narrow(0, 0, Math.Min(64, _data.Train.Count)).clone().DetachFromDisposeScope(),
        _data.Train.Labels.narrow(0, 0, Math.Min(64, _data.Train.Count)).clone().DetachFromDisposeScope());

    private (Tensor Images, Tensor Labels)? _screenBatch;

    // Screening: sampled architectures within the limits, scored without training; the space's reference first.
    private List<AutoCandidate> Screen(AutoPlan plan, CancellationToken ct)
    {
        // Speed is anchored at the probe's network (recorded in the plan, so a resumed run estimates alike).
        var (refMadds, refRate) = (plan.ProbeMultiplyAdds, plan.ImagesPerSecond);
        long? maxParams = _settings.OptionalInteger("max_params");
        int minEpochs = _settings.Integer("min_final_epochs");
        // Slower candidates than this cannot train min_final_epochs in the final share; a network as fast as the
        // reference is always allowed, however short the budget.
        double finalSeconds = _settings.Real("final_share") * plan.BudgetSeconds;
        double slowest = Math.Max(finalSeconds / minEpochs, plan.FinalImages / plan.ImagesPerSecond);
        // Search proxy: the estimate is never too harsh on a network (it was too kind to some, up to 1.6x), so one it
        // judges unable to afford the final epochs asked for cannot, and is not timed.
        if (Search == AutoPlanner.Proxy)
            (minEpochs, slowest) = (plan.ProxyEpochs, Math.Max(plan.FinalImages / plan.ImagesPerSecond, plan.FinalImages * AutoPlanner.ProxyAffords(plan, 1) / plan.ProxyEpochs));
        int tooBig = 0, tooSlow = 0;
        var random = new SeededRandom(Request.Seed);
        var seen = new HashSet<string>();
        var found = new List<AutoCandidate>();
        var reference = _reference;
        if (Search == AutoPlanner.None)
        {
            if (reference is null) throw new SettingException("auto.search", $"none trains the space's reference network, and the {Space.Name} space has none (the residual space has resnet-baseline; or give one with auto.reference)");
            var network = ShortBudgetNetwork(plan) ?? reference;
            var (p, m, _) = Measure(network, SeedOf(0));
            if (!network.Equals(reference) && maxParams is { } most && p > most)
            {
                network = reference;
                (p, m, _) = Measure(reference, SeedOf(0));
            }
            return [new AutoCandidate(0, network, p, m, 0, plan.ImagesPerSecond)];
        }
        if (Search == AutoPlanner.Random) reference = null; // plain random search: every candidate sampled
        bool near = reference is not null && _settings.Text("sample") == Near;
        for (int attempt = 0; found.Count < plan.Screen && attempt < 20 * plan.Screen + 100; attempt++)
        {
            ct.ThrowIfCancellationRequested();
            var architecture = attempt == 0 && reference is not null ? reference
                : near ? ArchitectureMutator.Near(reference!, random) : ArchitectureSampler.Sample(Space, random);
            if (!seen.Add(architecture.Key)) continue;
            var (parameters, madds, score) = Measure(architecture, SeedOf(found.Count));
            // Speed: a fixed overhead plus a part that grows with the multiply-adds, anchored at the probe.
            double rate = refRate / (0.3 + 0.7 * madds / Math.Max(1.0, refMadds));
            if (maxParams is { } max && parameters > max) { tooBig++; continue; }
            if (plan.FinalImages / rate > slowest) { tooSlow++; continue; }
            // A proxy that cannot tell (NASWOT's singular kernel: minus infinity) ranks last; scores stay finite for the log's JSON.
            found.Add(new AutoCandidate(found.Count, architecture, parameters, madds, double.IsNaN(score) ? -1e300 : Math.Clamp(score, -1e300, 1e300), rate));
        }
        if (found.Count == 0)
            throw tooBig >= tooSlow
                ? new SettingException("auto.max_params", $"leaves no architecture of the {Space.Name} space: all {seen.Count} sampled have more than {maxParams} parameters")
                : new SettingException("budget.time", $"is too short for the {Space.Name} space: none of {seen.Count} sampled architectures trains {minEpochs} epochs in the final share");
        // Best first; the reference keeps its place at the front, so the search can only add to it.
        var first = reference is not null && found[0].Architecture.Equals(reference) ? found[0] : null;
        // Random search, and screening without a proxy, keep the order they sampled in (a stable sort of equal scores).
        var ranked = Search == AutoPlanner.Random ? found.ToList() : found.Where(c => c != first).OrderByDescending(c => c.Score).ToList();
        if (first is not null) ranked.Insert(0, first);
        return ranked.Select((c, i) => c with { Index = i }).ToList();
    }

    /// <summary>The <c>auto.sample</c> that screens the reference network's neighbours (the default).</summary>
    public const string Near = "near";

    /// <summary>The <c>auto.sample</c> that screens architectures drawn uniformly from the space.</summary>
    public const string Anywhere = "anywhere";

    private AutoCandidate RunRungs(AutoLog log, AutoPlan plan, Func<double> now, ISearchObserver? observer, ref int units, int planned, CancellationToken ct)
    {
        var candidates = log.Candidates!;
        AutoCandidate winner = candidates[0];
        for (int rung = 0; rung < plan.Rungs.Count; rung++)
        {
            var members = log.Members(rung);
            if (members is null)
            {
                var earlier = rung == 0 ? null : log.Trials.Where(t => t.Rung == rung - 1).OrderByDescending(t => t.Accuracy).ToList();
                // Every candidate of a rung trains for the time the reference would (see Train), so a rung costs what the
                // plan says at the probe's speed, corrected by how far the measured speeds have missed their estimates.
                double missed = log.Trials.Count == 0 ? 1 : log.Trials.Average(t => t.ImagesPerSecond / (plan.ImagesPerSecond * SpeedRatio(log, candidates[t.Candidate], now)));
                int count = AutoPlanner.Affordable(plan, rung, now(), plan.ImagesPerSecond * missed, _data.Validation.Count);
                if (rung > 0 && count < 2) break; // behind the plan: the best so far wins
                count = Math.Max(1, count);
                members = rung == 0
                    ? candidates.Take(Math.Min(count, candidates.Count)).Select(c => c.Index).ToArray()
                    : earlier!.Take(count).Select(t => t.Candidate).ToArray();
                log.AddMembers(rung, members, now());
            }
            var fidelity = plan.Rungs[rung];
            for (int i = 0; i < members.Length; i++)
            {
                units++;
                if (log.Trials.Any(t => t.Rung == rung && t.Candidate == members[i])) continue;
                ct.ThrowIfCancellationRequested();
                var candidate = candidates[members[i]];
                var (count, epochs) = EqualTime(fidelity, SpeedRatio(log, candidate, now), _data.Train.Count);
                var trial = Train(candidate, rung, fidelity, count, epochs, observer, ct);
                log.AddTrial(trial, now());
                observer?.EpochFinished(new SearchEpoch("auto-trial", units, planned,
                    [SearchFigure.Fraction("val_acc", trial.Accuracy), SearchFigure.Count("params", candidate.Parameters), new SearchFigure("seconds", trial.Seconds, FigureUnit.Seconds)],
                    candidate.Architecture, $"rung {rung + 1}/{plan.Rungs.Count}, candidate {i + 1}/{members.Length}" +
                    (trial.Stopped ? FormattableString.Invariant($" (stopped at its time limit after {trial.Images:N0} of {(long)count * epochs:N0} images)") : "")));
            }
            winner = candidates[Winner(log.Trials.Where(t => t.Rung == rung).ToList(), _data.Validation.Count).Candidate];
        }
        return winner;
    }

    // Search proxy's choice (see ProxyChoice), each candidate timed as the rungs time theirs and reported.
    private AutoCandidate ChooseByProxy(AutoLog log, AutoPlan plan, Func<double> now, ISearchObserver? observer, int units, int planned)
    {
        var candidates = log.Candidates!;
        var reference = _reference is not null && candidates[0].Architecture.Equals(_reference) ? candidates[0] : null;
        int i = 0, count = ProxyTimed(candidates, reference).Count;
        return ProxyChoice(candidates, reference, plan.ProxyEpochs, candidate =>
        {
            double ratio = SpeedRatio(log, candidate, now);
            double epochs = AutoPlanner.ProxyAffords(plan, plan.ImagesPerSecond * ratio);
            bool affords = epochs >= plan.ProxyEpochs;
            observer?.EpochFinished(new SearchEpoch("auto-time", units, planned,
                [new SearchFigure("score", candidate.Score), new SearchFigure("speed", ratio), new SearchFigure("final_epochs", epochs)], candidate.Architecture,
                FormattableString.Invariant($"candidate {++i}/{count} by {ProxyName}: {ratio:F2}x the reference's speed, affords {epochs:F1} final epochs{(affords ? ": chosen" : $" (needs {plan.ProxyEpochs})")}")));
            return (epochs, ratio);
        });
    }

    /// <summary>
    /// Search proxy's choice: of the candidates that score above the reference, best first, up to
    /// <see cref="AutoPlanner.ProxyTimings"/> are timed, and the first whose speed affords <paramref name="needed"/> final
    /// epochs wins. The proxies favour capacity, which costs time, so the epochs asked for keep the winner's final
    /// training past the steep part of its learning curve. None affording them: the reference (or, in a space without
    /// one, the fastest timed). Decided from the speeds and the planned end of the search, so a resumed run (whose speeds
    /// are in its log) chooses alike.
    /// </summary>
    /// <param name="ranked">The screened candidates, best score first (the reference, when there is one, at the front).</param>
    /// <param name="reference">The reference network's candidate, or null.</param>
    /// <param name="needed">The final epochs the winner must afford.</param>
    /// <param name="time">Times a candidate: the final epochs it affords and its speed over the reference's.</param>
    public static AutoCandidate ProxyChoice(IReadOnlyList<AutoCandidate> ranked, AutoCandidate? reference, int needed, Func<AutoCandidate, (double Epochs, double Speed)> time)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(time);
        AutoCandidate? fastest = null;
        double fastestSpeed = 0;
        foreach (var candidate in ProxyTimed(ranked, reference))
        {
            var (epochs, speed) = time(candidate);
            if (epochs >= needed) return candidate;
            if (speed > fastestSpeed) (fastest, fastestSpeed) = (candidate, speed);
        }
        return reference ?? fastest ?? ranked[0];
    }

    // The candidates search proxy may time, in order: those scoring above the reference (all, without one), best first,
    // at most ProxyTimings.
    private static List<AutoCandidate> ProxyTimed(IReadOnlyList<AutoCandidate> ranked, AutoCandidate? reference) =>
        ranked.Where(c => c != reference && (reference is null || c.Score > reference.Score)).Take(AutoPlanner.ProxyTimings).ToList();

    /// <summary>
    /// A candidate's training speed over the probe network's, both timed the same short way with the kernels and
    /// replicas they train with (<see cref="ShortRate"/>), once per candidate before its first rung and kept in the log.
    /// The estimate from multiply-adds that screening makes was 1.5 to 1.6 times too kind to networks whose convolutions
    /// run on libtorch's own kernels and 1.25 to 1.4 times to full-resolution ones (docs/benchmarks.md, session 18), so
    /// "equal time" in the rungs gave them more images than the reference.
    /// </summary>
    private double SpeedRatio(AutoLog log, AutoCandidate candidate, Func<double> now)
    {
        // The anchor is timed twice and the faster kept: every candidate's images scale with it, and the first timing
        // after screening ran a third slower than the next one of the same network (measured); noise here only slows.
        if (!log.Speeds.ContainsKey(AutoLog.ProbeSpeed))
            log.AddSpeed(AutoLog.ProbeSpeed, new[] { ShortRate(ProbeArchitecture, SeedOf(0)), ShortRate(ProbeArchitecture, SeedOf(0)) }
                .OfType<double>().DefaultIfEmpty(_plan!.ImagesPerSecond).Max(), now());
        if (!log.Speeds.ContainsKey(candidate.Index))
        {
            double anchor = log.Speeds[AutoLog.ProbeSpeed];
            // A timing cut short by a diverged loss falls back on the screening's estimate.
            double speed = candidate.Architecture.Equals(ProbeArchitecture) ? anchor
                : ShortRate(candidate.Architecture, SeedOf(candidate.Index)) ?? anchor * candidate.ImagesPerSecond / _plan!.ImagesPerSecond;
            log.AddSpeed(candidate.Index, speed, now());
        }
        return log.Speeds[candidate.Index] / log.Speeds[AutoLog.ProbeSpeed];
    }

    // A candidate's speed for the rungs: short epochs of 512 images, about a second for the reference network, at most
    // ten times its time and 5 s more (one full-resolution network with 5x5 kernels took 61 s); null if the loss diverged.
    private double? ShortRate(Architecture architecture, int seed)
    {
        var limit = TimeSpan.FromSeconds(10 * AutoPlanner.SpeedCheckImages / _plan!.ImagesPerSecond + 5);
        try { return ShortEpochs(architecture, seed, 512, Replicas, limit).Rate; }
        catch (TrainingDivergedException) { return null; }
        catch (Exception e) when (OutOfMemory.TryDescribe(e, out var message)) { throw new NasUserException(message, e); }
    }

    /// <summary>
    /// The images a candidate trains on at a rung: the rung's images for the reference, scaled by the candidate's
    /// estimated speed against it, so every candidate gets the same training time. The final training gives the winner
    /// a time, not a number of images, so a rung asks what each network learns in a given time: a network twice as
    /// slow sees half the images (comparing at equal images favoured large, slow networks that the final training
    /// then could train for only a few epochs). As many whole epochs as needed, each on the first images of the
    /// shuffled split (at least 256).
    /// </summary>
    /// <param name="rung">The rung's fidelity, in the reference's images.</param>
    /// <param name="speed">The candidate's estimated speed over the reference's.</param>
    /// <param name="split">Training images of the search split.</param>
    public static (int Subset, int Epochs) EqualTime(AutoRung rung, double speed, int split)
    {
        ArgumentNullException.ThrowIfNull(rung);
        long images = Math.Max(Math.Min(256, split), (long)Math.Round(rung.Images * speed));
        int epochs = (int)Math.Ceiling((double)images / split);
        return ((int)Math.Min(split, images / epochs), epochs);
    }

    /// <summary>
    /// The winner of a rung, by the one-standard-error rule: of the candidates whose validation accuracy is within one
    /// standard error of the best one's (sqrt(p(1 − p)/n) for n validation images), the fastest, as measured in its
    /// training. The final training gives the winner a time, so a faster network trains more epochs in it; a slower one
    /// must be better by more than noise (in the first hour-long run a network half as fast won by 0.32 points, where
    /// the standard error was 0.42, and then trained 12 epochs instead of about 28).
    /// </summary>
    /// <param name="trials">The rung's trials (at least one).</param>
    /// <param name="validationImages">Images each accuracy was measured on.</param>
    public static AutoTrial Winner(IReadOnlyList<AutoTrial> trials, int validationImages)
    {
        ArgumentOutOfRangeException.ThrowIfZero(trials.Count, nameof(trials));
        var best = trials.MaxBy(t => t.Accuracy)!;
        double error = Math.Sqrt(best.Accuracy * (1 - best.Accuracy) / Math.Max(1, validationImages));
        return trials.Where(t => t.Accuracy >= best.Accuracy - error).MaxBy(t => t.ImagesPerSecond)!;
    }

    /// <summary>
    /// The most seconds a rung trial may train before it is stopped and measured: twice the reference network's time for
    /// the rung's images, and 10 s more for a first batch's set-up. Every candidate gets that time by design
    /// (<see cref="EqualTime"/>), from a speed timed on three short epochs; a network that turns out far slower than
    /// timed must not take the budget with it (measured: a full-resolution network with 5x5 kernels trained at 32 img/s
    /// where the rung had planned 9 s for the reference, and took 147 s; 15 minutes' random search then ended 7 minutes
    /// behind its plan and its final training got 5.4 of 19 epochs).
    /// </summary>
    /// <param name="images">The rung's images, in the reference's (<see cref="AutoRung.Images"/>).</param>
    /// <param name="referenceImagesPerSecond">The reference network's planned training speed.</param>
    public static double TrialLimit(long images, double referenceImagesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(referenceImagesPerSecond, nameof(referenceImagesPerSecond));
        return 2 * images / referenceImagesPerSecond + 10;
    }

    // A rung trial on the first count images of the search split for epochs epochs (EqualTime), stopped at TrialLimit.
    private AutoTrial Train(AutoCandidate candidate, int rung, AutoRung fidelity, int count, int epochs, ISearchObserver? observer, CancellationToken ct)
    {
        using var subset = Prefix(count);
        using var scope = NewDisposeScope();
        int seed = SeedOf(candidate.Index);
        TorchRuntime.Seed(seed);
        using var model = _networks.Build(candidate.Architecture, Input, NetworkOptions.Default);
        // Each candidate trains with the kernels its final training would get, so a rung compares what the final does.
        using var kernels = CpuKernels.AdmitOneDnnFor(model, Input.Example);
        var progress = observer?.Batches is { } batches ? new Progress(batches) : null;
        try
        {
            var limit = TimeSpan.FromSeconds(TrialLimit(fidelity.Images, _plan!.ImagesPerSecond));
            var result = new Trainer(Recipe(epochs, seed)).Train(model, subset, _data.Validation, progress, ct,
                replicate: kernels.Replicating(Replicate(candidate.Architecture)), limit: limit);
            return new AutoTrial(rung, candidate.Index, result.Last.ValidationAccuracy, result.Last.ValidationLoss, result.Seconds,
                result.Epochs.Average(e => e.ImagesPerSecond)) { Images = result.Images, Stopped = result.Stopped };
        }
        catch (TrainingDivergedException)
        {
            return new AutoTrial(rung, candidate.Index, 0, double.NaN, 0, candidate.ImagesPerSecond) { Images = (long)count * epochs };
        }
        catch (Exception e) when (OutOfMemory.TryDescribe(e, out var message)) { throw new NasUserException(message, e); }
    }

    // The first images of the search's training split in a seeded random order (the split itself is in file order):
    // views, so every size costs nothing, and a smaller part is inside every larger one.
    private ImageDataset Prefix(int count)
    {
        _shuffled ??= _data.Train.Select(Permutation.Shuffle(_data.Train.Count, new Random(Permutation.Mix(Request.Seed, 11))), $"{_data.Train.Name}/shuffled");
        return _shuffled.Take(count, $"{_data.Train.Name}/{count}");
    }

    private void Final(SearchSession session, AutoLog log, AutoPlan plan, AutoCandidate winner, Func<double> now, ISearchObserver? observer, int units, CancellationToken ct)
    {
        if (log.Final is null)
        {
            // Its speed as trained in a rung, else as timed (search proxy), else as screening estimated it.
            double rate = log.Trials.LastOrDefault(t => t.Candidate == winner.Index)?.ImagesPerSecond
                ?? (log.Speeds.TryGetValue(winner.Index, out var timed) && log.Speeds.TryGetValue(AutoLog.ProbeSpeed, out var anchor) ? plan.ImagesPerSecond * timed / anchor : winner.ImagesPerSecond);
            var (e, part) = AutoPlanner.FinalEpochs(plan, now(), rate);
            log.AddFinal(winner.Index, e, part, now());
        }
        var (index, epochs, images) = log.Final!.Value;
        var chosen = log.Candidates![index];
        DisposeData(); // the search's split; the final training loads the whole training set and the test set
        string directory = session.Directory!;
        Directory.CreateDirectory(directory);
        string architecture = Path.Combine(directory, "best.json");
        File.WriteAllText(architecture, chosen.Architecture.ToJson());
        var request = new TrainRequest { Architecture = architecture, Seed = Request.Seed }
            .With("data.dataset", _dataSettings.Text("dataset")).With("training.epochs", epochs).With("training.replicas", Replicas);
        if (_dataSettings.OptionalText("directory") is { } dataDirectory) request = request.With("data.directory", dataDirectory);
        if (images is { } n) request = request.With("data.subset", n);
        using var run = FinalTraining.Create(request);
        double planned = log.FinalPlanned ?? epochs;
        var progress = new FinalProgress(observer, log, now, units, () => planned);
        var result = run.RunAsync(new TrainingSession
        {
            Directory = directory,
            Resume = Directory.Exists(Path.Combine(directory, FinalOutput.Checkpoint)),
            Progress = progress,
            // The epochs follow the final training's own measured speed, so the run ends by its budget.
            Replan = (done, current) => planned = AutoPlanner.FinalReplan(plan, now(), done.Select(e => e.Seconds).ToArray(), current),
        }, ct).GetAwaiter().GetResult();
        var figures = new JsonObject { ["test_examples"] = run.Facts.First(f => f.Name == "test_examples").Value };
        foreach (var f in result.Figures) figures[f.Name] = f.Value;
        // The hand-over: the trained network as ONNX beside its weights, as nas export writes it. The weights are safe
        // by now, so a network that does not export is a warning, not a lost run.
        try { Export.OnnxExport.Write(directory, overwrite: true); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            observer?.Warning(new SearchWarning("export", $"{Export.OnnxExport.FileName} not written: {e.Message.Split('\n')[0]}"));
        }
        log.AddDone(figures, now());
    }

    private void DisposeData()
    {
        if (_dataDisposed) return;
        _dataDisposed = true;
        if (_screenBatch is var (images, labels))
        {
            images.Dispose();
            labels.Dispose();
        }
        _shuffled?.Dispose();
        _shuffled = null;
        _data.Dispose();
    }

    /// <summary>Frees the data.</summary>
    public void Dispose() => DisposeData();

    // A rung's batches as the observer's batch progress.
    private sealed class Progress(IProgress<SearchProgress> batches) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p) => batches.Report(new SearchProgress(p.Epoch, p.Epochs, p.Batch, p.Batches,
            [new SearchFigure("loss", p.Loss), SearchFigure.Fraction("train_acc", p.Accuracy), new SearchFigure("img/s", p.ImagesPerSecond)]));
    }

    // The final training's batches and epochs: shown, and each epoch logged with the budget spent and the epochs
    // planned after it (a re-plan is said once, when it happens).
    private sealed class FinalProgress(ISearchObserver? observer, AutoLog log, Func<double> now, int units, Func<double> planned) : IProgress<TrainingProgress>
    {
        private double _said = planned();

        private readonly IProgress<SearchProgress>? _batches = observer?.Batches;

        public void Report(TrainingProgress p)
        {
            if (p.FinishedEpoch is not { } e)
            {
                _batches?.Report(new SearchProgress(p.Epoch, p.Epochs, p.Batch, p.Batches,
                    [new SearchFigure("loss", p.Loss), SearchFigure.Fraction("train_acc", p.Accuracy), new SearchFigure("img/s", p.ImagesPerSecond)]));
                return;
            }
            double total = planned();
            log.AddFinalEpoch(e.Epoch, e.TrainLoss, e.TrainAccuracy, e.Seconds, total, now());
            string replanned = total == _said ? "" : FormattableString.Invariant($" (re-planned from {_said:0.##} to {total:0.##} epochs at {e.Seconds:F0} s per epoch)");
            _said = total;
            observer?.EpochFinished(new SearchEpoch("auto-final", units + e.Epoch, units + p.Epochs,
                [new SearchFigure("train_loss", e.TrainLoss), SearchFigure.Fraction("train_acc", e.TrainAccuracy), new SearchFigure("seconds", e.Seconds, FigureUnit.Seconds)],
                null, $"final training, epoch {e.Epoch}/{p.Epochs}{replanned}"));
        }
    }
}
