using System.Text.Json.Nodes;
using Nas.Evaluation;
using Nas.Search;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Store;
using Nas.Torch.Evaluation;
using Nas.Torch.Networks;

namespace Nas.Torch.Search;

/// <summary>
/// The multi-trial method of one strategy: every child trained from scratch and scored on the validation split,
/// over any image space (a classifier per child) or language space (a language model per child, ranked by
/// validation perplexity). The settings are the data, the budget, the children's training, their size, the
/// strategy's own, hard constraints, surrogate screening, warm start, early stopping and the trial queue.
/// </summary>
public sealed class TrialSearchMethod : SearchMethod
{
    private readonly StrategyRegistration _strategy;

    /// <param name="strategy">The strategy that proposes the children.</param>
    public TrialSearchMethod(StrategyRegistration strategy) => _strategy = strategy;

    /// <inheritdoc/>
    public override string Name => _strategy.Name;

    /// <inheritdoc/>
    public override string Summary => _strategy.Summary;

    /// <inheritdoc/>
    public override string Family => "multi-trial";

    /// <inheritdoc/>
    public override string DefaultSpace => Spaces.Macro.MacroSpace.Name;

    /// <summary>The space named, else rnn-dag for a text data set and macro for images.</summary>
    /// <param name="request">The request.</param>
    public override string SpaceOf(SearchRequest request) => request.Space ?? (TextDatasetGiven(request) ? Spaces.Recurrent.RnnDagSpace.Name : DefaultSpace);

    /// <summary>Whether the request's data set is text (its default space is then a language space).</summary>
    internal static bool TextDatasetGiven(SearchRequest request) => request.Group("data")?["dataset"] is JsonValue v && v.TryGetValue<string>(out var d) && Text.TextDatasets.IsText(d);

    /// <inheritdoc/>
    public override bool Supports(SpaceKind space, out string reason)
    {
        reason = "";
        if (_strategy.Supports is { } supports && !supports(space.Create(new JsonObject())))
        {
            reason = $"cannot be {space.Name} for the {Name} strategy";
            return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<SettingGroup> Settings(SpaceKind space)
    {
        var groups = new List<SettingGroup>();
        if (space.Task == SpaceTask.Language)
            groups.AddRange([TextDataSettings.Group, BudgetSettings.Group, LanguageTrainingSettings.Group, LanguageModelSettings.Group]);
        else
        {
            bool cells = IsCellSpace(space);
            groups.AddRange([ImageDataSettings.Group, BudgetSettings.Group, ImageTrainingSettings.For(cells)]);
            if (cells) groups.Add(NetworkSettings.Group);
            groups.Add(InheritanceSettings.Group);
        }
        if (_strategy.Settings.Count > 0) groups.Add(_strategy.Group);
        groups.Add(ConstraintSettings.Group);
        groups.Add(Surrogates.SurrogateSettings.Group);
        groups.Add(WarmStartSettings.Group);
        groups.Add(Execution.Pruning.PrunerCatalog.Settings);
        groups.Add(QueueSettingsGroup.Group);
        return groups;
    }

    private static bool IsCellSpace(SpaceKind space) => space is CellSpaceKind;

    /// <inheritdoc/>
    public override ISearch Create(SearchRequest request, SpaceCatalog spaces)
    {
        var r = ResolvedRequest.Resolve(this, request, spaces);
        var budget = BudgetSettings.Read(r["budget"]);
        var queue = QueueSettingsGroup.Read(r["queue"]);
        var pruner = Execution.Pruning.PrunerCatalog.Create(r["pruner"]);
        var warnings = new List<SearchWarning>();
        // Checked and read before any data is loaded: a bad constraint or earlier experiment fails at once.
        var wrapping = new Wrapping(ConstraintSettings.Read(r["constraints"]), WarmStartSettings.Read(r["warm_start"], r.Space));
        // Language models have their parameters counted; multiply-adds and latency only image networks.
        if (wrapping.Limits is { } given && r.Kind.Task == SpaceTask.Language && (given.MaxMultiplyAdds is not null || given.MaxLatencyMilliseconds is not null))
            throw new SettingException(r["constraints"].PathOf(given.MaxMultiplyAdds is not null ? "max_madds" : "max_latency"), "applies to image spaces so far");
        var strategySettings = _strategy.Settings.Count > 0 ? r[_strategy.Group.Name] : _strategy.Group.Read(null);
        var strategy = _strategy.Create(new StrategyContext(r.Space, r.Seed, strategySettings, budget, warnings));
        try
        {
            if (strategy is Strategies.Pareto.ParetoEvolution { Objective: not Strategies.Pareto.ParetoObjective.Parameters } pareto && r.Kind.Task == SpaceTask.Language)
                throw new SettingException(strategySettings.PathOf("objective"),
                    $"cannot be {Strategies.Pareto.ParetoObjectives.Name(pareto.Objective)} for a language space (only params is measured for language models)");
            var configuration = r.Configuration();
            configuration["runtime"] = RuntimeFacts.Describe();
            return r.Kind.Task == SpaceTask.Language
                ? Language(r, request, strategy, wrapping, budget, queue, pruner, warnings, configuration)
                : Image(r, request, strategy, wrapping, budget, queue, pruner, warnings, configuration);
        }
        catch
        {
            strategy.Dispose();
            throw;
        }
    }

    // The strategy as the request asks for it: within its constraints, screened by a surrogate, started from an earlier
    // experiment's trials (a resumed search then replaces its state with the saved one). Limits and the earlier results
    // are read in Create; measure sizes a network (a language model: its parameters only, the other limits being refused in Create).
    private sealed record Wrapping(ConstraintLimits? Limits, IReadOnlyList<Strategies.PriorResult>? Prior)
    {
        public Strategies.IStrategy Apply(ResolvedRequest r, Strategies.IStrategy strategy,
            Func<Architectures.Architecture, (long Parameters, long MultiplyAdds, double? LatencyMilliseconds)>? measure,
            List<SearchWarning> warnings, JsonObject configuration)
        {
            var sizes = new System.Collections.Concurrent.ConcurrentDictionary<string, (long, long, double?)>();
            (long, long, double?) SizeOf(Architectures.Architecture a) => sizes.GetOrAdd(a.Key, _ => measure!(a));
            // Earlier results come without their costs: a Pareto search measures them when it is warm-started.
            if (strategy is Strategies.Pareto.ParetoEvolution pareto && measure is not null)
                pareto.PriorCost = a =>
                {
                    var (p, m, l) = SizeOf(a);
                    return Strategies.Pareto.ParetoObjectives.CostOf(pareto.Objective, new TrialMetrics(0, 0, p, m, 0, []) { LatencyMilliseconds = l });
                };
            if (Limits is { } limits && measure is not null)
                strategy = new Strategies.ConstrainedStrategy(strategy, a =>
                {
                    var (p, m, l) = SizeOf(a);
                    return limits.Violation(p, m, l);
                });
            strategy = Surrogates.SurrogateSettings.Apply(r["surrogate"], strategy, r.Space, r.Seed);
            if (Prior is { } results)
            {
                if (strategy is Strategies.IWarmStartable warm)
                {
                    warm.WarmStart(results);
                    configuration["warm_start_trials"] = results.Count;
                }
                else warnings.Add(new SearchWarning(r["warm_start"].PathOf("from"), $"is not used: the {strategy.Name} strategy does not learn from earlier results"));
            }
            return strategy;
        }
    }

    private static TrialSearch Image(ResolvedRequest r, SearchRequest request, Strategies.IStrategy strategy, Wrapping wrapping, Execution.Budget budget,
        Execution.QueueSettings queue, Execution.Pruning.IPruner pruner, List<SearchWarning> warnings, JsonObject configuration)
    {
        var recipe = ImageTrainingSettings.Read(r["training"], r.Seed, ImageDataSettings.Dataset(r["data"], r.Kind.Name));
        var inheritance = InheritanceSettings.Read(r["inherit"], recipe.Epochs);
        if (inheritance is { } inherit)
        {
            r["inherit"].Values["epochs"] = inherit.Epochs; // the epochs in effect, recorded
            configuration["settings"]!["inherit"] = r["inherit"].Values.DeepClone();
        }
        var size = IsCellSpace(r.Kind) ? NetworkSettings.Read(r["network"], auxiliary: recipe.AuxiliaryWeight > 0) : NetworkOptions.Default;
        var data = ImageDataSettings.Load(r["data"], r.Kind.Name, r.Seed);
        configuration["settings"]!["data"]!["dataset"] = r["data"].Text("dataset");
        configuration["settings"]!["training"] = r["training"].Values.DeepClone(); // with the flips the data set decided
        configuration["data"] = ImageDataSettings.Facts(data);
        bool latencyObjective = strategy is Strategies.Pareto.ParetoEvolution { Objective: Strategies.Pareto.ParetoObjective.Latency };
        var latency = wrapping.Limits is { NeedsLatency: true } || latencyObjective ? new Latency.LatencyTable() : null;
        if (latency is not null)
            configuration["latency"] = new JsonObject
            {
                ["method"] = "per-op table: each leaf op timed alone at batch 1 (lower quartile of runs), summed per network, calibrated by a line fitted to whole-network timings of the first networks",
                ["repeats"] = latency.Repeats, ["calibration_networks"] = latency.CalibrationNetworks,
            };
        var evaluator = new TrainingEvaluator(data.Train, data.Validation, recipe, network: size)
        {
            Latency = latency, Inheritance = inheritance?.Inheritance, InheritedEpochs = inheritance?.Epochs,
        };
        strategy = wrapping.Apply(r, strategy, evaluator.Measure, warnings, configuration);
        return new TrialSearch(r.Space, strategy, evaluator, budget, r.Seed, data)
        {
            Request = request, Queue = queue, Pruner = pruner, Pending = r["queue"].Integer("pending"), Warnings = warnings,
            Configuration = configuration, Data = ImageDataSettings.Describe(data), Plan = $"{recipe.Epochs} epoch(s) per child" + (inheritance is { } i ? $", {i.Epochs} for a child that inherits weights" : ""),
        };
    }

    private static TrialSearch Language(ResolvedRequest r, SearchRequest request, Strategies.IStrategy strategy, Wrapping wrapping, Execution.Budget budget,
        Execution.QueueSettings queue, Execution.Pruning.IPruner pruner, List<SearchWarning> warnings, JsonObject configuration)
    {
        var model = LanguageModelSettings.Read(r["model"]);
        var recipe = LanguageTrainingSettings.Read(r["training"], r.Seed, r["data"].OptionalInteger("subset"));
        var corpus = TextDataSettings.Load(r["data"], r.Kind.Name);
        configuration["data"] = TextDataSettings.Facts(corpus);
        configuration["objective"] = "validation accuracy field = exp(-validation loss) = 1/perplexity of the best epoch";
        var evaluator = new LanguageModelEvaluator(corpus, model, recipe);
        strategy = wrapping.Apply(r, strategy, evaluator.Measure, warnings, configuration);
        return new TrialSearch(r.Space, strategy, evaluator, budget, r.Seed)
        {
            Request = request, Queue = queue, Pruner = pruner, Pending = r["queue"].Integer("pending"), Warnings = warnings,
            Configuration = configuration, Data = corpus.ToString(), Plan = $"size {model.Size}, {recipe.Epochs} epoch(s) per child",
            BestFigures = PerplexityFigures,
        };
    }

    // Language children store 1/perplexity as their accuracy; people read perplexity.
    private static IReadOnlyList<SearchFigure> PerplexityFigures(TrialRecord t) =>
        [new SearchFigure("validation_perplexity", Math.Exp(t.ValidationLoss ?? double.NaN)), SearchFigure.Count("parameters", t.Parameters ?? 0)];
}
