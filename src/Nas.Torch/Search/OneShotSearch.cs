using System.Text.Json.Nodes;
using Nas.Search;
using TorchSharp;
using Nas.Spaces.Cells;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.OneShot;
using Nas.Torch.Statistics;

namespace Nas.Torch.Search;

/// <summary>
/// DARTS or SNAS over the darts-cell supernet (<see cref="OneShotRunner"/>): one search-log step per epoch (kind
/// <c>darts</c> or <c>snas</c>: softmax of alpha per edge, entropy, the derived genotype, accuracies, SNAS's expected
/// cost and argmax child); the last epoch's genotype is the result, with genotype.json and a picture beside best.json.
/// </summary>
internal sealed class OneShotSearch : EpochSearch
{
    private readonly PreparedData _data;
    private readonly OneShotRunner _runner;

    private OneShotSearch(ResolvedRequest r, OneShotOptions options, PreparedData data, JsonObject configuration)
        : base(r.Request, r.Space, configuration, options.Epochs)
    {
        Options = options;
        _data = data;
        _runner = new OneShotRunner(options, data.Train, data.Validation);
        configuration["runtime"] = RuntimeFacts.Describe(); // again: the runner may have admitted oneDNN for its supernet
    }

    /// <summary>The supernet's settings.</summary>
    public OneShotOptions Options { get; }

    /// <inheritdoc/>
    public override string Kind => Options.Method == OneShotMethod.Snas ? "snas" : "darts";

    /// <inheritdoc/>
    protected override string Data => ImageDataSettings.Describe(_data);

    /// <inheritdoc/>
    protected override string Plan => $"supernet C={Options.Channels}, {Options.Layers} cells, {Options.Epochs} epoch(s), batch {Options.BatchSize}";

    /// <inheritdoc/>
    protected override int EpochsDone => _runner.Completed.Count;

    /// <summary>Builds the search from a request read for <paramref name="method"/>; loads the data last.</summary>
    internal static OneShotSearch Create(ResolvedRequest r, OneShotMethod method, JsonObject configuration)
    {
        var t = r["training"];
        var d = r["darts"];
        var n = r["network"];
        var device = ImageTrainingSettings.Device(t);
        if (device.type != DeviceType.CPU) throw new SettingException(t.PathOf("device"), OneShotRunner.CpuOnly);
        var options = new OneShotOptions
        {
            Method = method,
            Channels = n.Integer("init_channels"),
            Layers = n.Integer("cells"),
            Nodes = CellSpace.OptionsOf(r.Space).Nodes,
            // A cell's output concatenates every intermediate node, as in DARTS (4 nodes, multiplier 4).
            Multiplier = CellSpace.OptionsOf(r.Space).Nodes,
            Epochs = t.Integer("epochs"),
            BatchSize = t.Integer("batch_size"),
            LearningRate = t.Real("learning_rate"),
            MinLearningRate = Math.Min(d.Real("min_learning_rate"), t.Real("learning_rate")),
            Momentum = t.Real("momentum"),
            WeightDecay = t.Real("weight_decay"),
            GradientClip = t.Real("grad_clip"),
            AlphaLearningRate = d.Real("alpha_learning_rate"),
            AlphaWeightDecay = d.Real("alpha_weight_decay"),
            Resource = d.OptionalText("resource") switch { "madds" => ResourceKind.Madds, "mac" => ResourceKind.Mac, _ => ResourceKind.Params },
            ResourceWeight = d.OptionalReal("resource_weight") ?? 0,
            TemperatureStart = d.OptionalReal("temperature_start") ?? 1.0,
            TemperatureEnd = d.OptionalReal("temperature_end") ?? 0.03,
            MaxSkip = d.OptionalInteger("max_skip"),
            Seed = r.Seed,
            Device = device,
        }.Validated();
        if (!CellSpace.OptionsOf(r.Space).Ops.SequenceEqual(CellOps.DartsCellOps))
            throw new SettingException("space.ops", $"the supernet mixes DARTS's primitives; a {r.Space.Name} space with other ops is searched by the multi-trial methods");
        var data = ImageDataSettings.Load(r["data"], r.Kind.Name, r.Seed);
        configuration["settings"]!["data"]!["dataset"] = r["data"].Text("dataset");
        configuration["data"] = ImageDataSettings.Facts(data);
        configuration["one_shot"] = new JsonObject
        {
            ["ops"] = new JsonArray(CellOps.DartsPrimitives.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            ["split"] = method == OneShotMethod.Snas ? "single level: weights and alpha on the same batch of the whole training set" : "training set in halves: weights on the first, alpha on the second",
            ["alpha_optimizer"] = $"adam, betas ({options.AlphaBeta1}, {options.AlphaBeta2})",
            ["nodes"] = options.Nodes, ["multiplier"] = options.Multiplier, ["stem_multiplier"] = options.StemMultiplier,
        };
        try { return new OneShotSearch(r, options, data, configuration); }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    protected override (string Json, SearchEpoch Shown) RunEpoch(IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var e = _runner.RunEpoch(progress is null ? null : new Batches(progress), cancellationToken);
        var figures = new List<SearchFigure>
        {
            SearchFigure.Fraction("train_accuracy", e.TrainAccuracy),
            SearchFigure.Fraction(Options.Method == OneShotMethod.Snas ? "child_validation_accuracy" : "validation_accuracy", e.ValidationAccuracy),
            new("entropy", e.Entropy),
        };
        if (double.IsFinite(e.ExpectedCost)) figures.Add(new SearchFigure("expected_cost", e.ExpectedCost));
        figures.Add(new SearchFigure("seconds", e.Seconds, FigureUnit.Seconds));
        return (OneShotStepJson.Of(e, CellOps.DartsPrimitives), new SearchEpoch(Kind, e.Epoch, Options.Epochs, figures, CellSpace.FromGenotype(e.Genotype)));
    }

    /// <inheritdoc/>
    protected override void Save(string directory, string fingerprint) => _runner.Save(directory, fingerprint);

    /// <inheritdoc/>
    protected override bool TryRestore(string directory, string fingerprint) => _runner.TryRestore(directory, fingerprint);

    /// <inheritdoc/>
    protected override SearchResult Finish(SearchSession session)
    {
        var last = _runner.Completed[^1];
        var architecture = CellSpace.FromGenotype(last.Genotype);
        long parameters;
        using (var net = NetworkCatalog.Default.Build(architecture, new InputShape(_data.Train.Channels, _data.Train.Height, _data.Train.Width, _data.Train.Classes)))
            parameters = ModelStatistics.Parameters(net);
        bool snas = Options.Method == OneShotMethod.Snas;
        var figures = new List<SearchFigure>
        {
            SearchFigure.Fraction("supernet_train_accuracy", last.TrainAccuracy),
            SearchFigure.Fraction(snas ? "derived_child_validation_accuracy" : "supernet_validation_accuracy", last.ValidationAccuracy),
        };
        if (snas) figures.Add(new SearchFigure($"expected_{Options.Resource.ToString().ToLowerInvariant()}_cost", last.ExpectedCost));
        figures.Add(SearchFigure.Count($"parameters_at_C{Networks.Cells.CellClassifier.DefaultChannels}_{Networks.Cells.CellClassifier.DefaultLayers}_cells", parameters));
        var notes = last.Child is { DroppedEdges: > 0 } c
            ? new[] { $"{c.DroppedEdges} live edge(s) of the SNAS child exceed the genotype's two inputs per node; the genotype keeps the two strongest per node (the full child is in the search log)" }
            : [];
        return new SearchResult
        {
            Best = architecture,
            Figures = figures,
            Notes = notes,
            Artifacts = [new SearchArtifact("best.json", architecture.ToJson()), new SearchArtifact("genotype.json", last.Genotype.ToJson(indented: true)),
                new SearchArtifact("best.svg", Reporting.CellDiagram.ToSvg(last.Genotype))],
        };
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _runner.Dispose();
        _data.Dispose();
    }

    private sealed class Batches(IProgress<SearchProgress> target) : IProgress<OneShotProgress>
    {
        public void Report(OneShotProgress p)
        {
            if (p.Finished is null)
                target.Report(new SearchProgress(p.Epoch, p.Epochs, p.Batch, p.Batches, [new SearchFigure("loss", p.TrainLoss), SearchFigure.Fraction("train_accuracy", p.TrainAccuracy)]));
        }
    }
}
