using System.Text.Json.Nodes;
using Nas.OneShot;
using Nas.Search;
using TorchSharp;
using Nas.Spaces.Recurrent;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.OneShot;
using Nas.Torch.Statistics;
using Nas.Torch.Text;

namespace Nas.Torch.Search;

/// <summary>
/// DARTS (first or second order) or SNAS over the recurrent DAG cell of a language model
/// (<see cref="RecurrentDartsRunner"/>): one <c>darts-rnn</c>, <c>darts-2nd-rnn</c> or <c>snas-rnn</c> step per epoch
/// (perplexities, entropy, tokens/s, SNAS's temperature, the derived cell, softmax of alpha); the last epoch's cell is
/// the result (an rnn-dag architecture), with genotype.json in the DARTS reference's layout.
/// </summary>
internal sealed class RecurrentDartsSearch : EpochSearch
{
    private readonly TextCorpus _corpus;
    private readonly LanguageModelOptions _model;
    private readonly RecurrentDartsOptions _options;
    private readonly RecurrentDartsRunner _runner;

    private RecurrentDartsSearch(ResolvedRequest r, RecurrentDartsOptions options, LanguageModelOptions model, TextCorpus corpus, JsonObject configuration)
        : base(r.Request, r.Space, configuration, options.Weights.Epochs)
    {
        _options = options;
        _model = model;
        _corpus = corpus;
        _runner = new RecurrentDartsRunner(options, corpus.Vocabulary.Count, model, corpus.Train, corpus.Validation);
    }

    /// <inheritdoc/>
    public override string Kind => _options.Method switch
    {
        OneShotMethod.DartsSecondOrder => "darts-2nd-rnn",
        OneShotMethod.Snas => "snas-rnn",
        _ => "darts-rnn",
    };

    /// <inheritdoc/>
    protected override string Data => _corpus.ToString();

    /// <inheritdoc/>
    protected override string Plan => $"supernet of {_options.Nodes} nodes, size {_model.Size}, {Epochs} epoch(s), batch {_options.Weights.BatchSize}";

    /// <inheritdoc/>
    protected override int EpochsDone => _runner.Completed.Count;

    internal static RecurrentDartsSearch Create(ResolvedRequest r, OneShotMethod method, JsonObject configuration)
    {
        var space = RnnDagSpaceOptions.FromJson(r.Space.Settings);
        if (space.Output != RnnDagSpaceOptions.AllNodes)
            throw new SettingException("space.output", $"must be {RnnDagSpaceOptions.AllNodes} for {r.Method.Name}, which derives cells whose output is the mean of every node, got '{space.Output}'");
        var t = r["training"];
        // Averaging is for the final training: the supernet learns with plain SGD, as the DARTS reference.
        var weights = LanguageTrainingSettings.Read(t, r.Seed, r["data"].OptionalInteger("subset"));
        if (weights.Device.type != DeviceType.CPU) throw new SettingException(t.PathOf("device"), OneShotRunner.CpuOnly);
        var d = r["darts"];
        var options = new RecurrentDartsOptions
        {
            Method = method,
            Nodes = space.Nodes,
            TemperatureStart = method == OneShotMethod.Snas ? d.Real("temperature_start") : 1.0,
            TemperatureEnd = method == OneShotMethod.Snas ? d.Real("temperature_end") : 0.03,
            AlphaLearningRate = d.Real("alpha_learning_rate"),
            AlphaWeightDecay = d.Real("alpha_weight_decay"),
            Weights = weights,
        }.Validated();
        var model = LanguageModelSettings.Read(r["model"]);
        var corpus = TextDataSettings.Load(r["data"], r.Kind.Name);
        configuration["data"] = TextDataSettings.Facts(corpus);
        configuration["one_shot"] = new JsonObject
        {
            ["method"] = method switch
            {
                OneShotMethod.DartsSecondOrder => "darts, second order (unrolled, finite-difference Hessian-vector product, epsilon 0.01/|v|)",
                OneShotMethod.Snas => "snas (Gumbel-softmax samples, no resource penalty)",
                _ => "darts, first order",
            },
            ["ops"] = new JsonArray(RecurrentDerivation.Ops.Select(o => (JsonNode?)JsonValue.Create(o)).ToArray()),
            ["split"] = method == OneShotMethod.Snas
                ? "weights and alpha on the same training windows; the validation split only scores the derived cell"
                : "weights on the training split, alpha on the validation split (as the DARTS recurrent search)",
            ["alpha_optimizer"] = $"adam, betas ({options.AlphaBeta1}, {options.AlphaBeta2})",
            ["batch_norm"] = "non-affine, on every node of the search cell",
        };
        return new RecurrentDartsSearch(r, options, model, corpus, configuration);
    }

    /// <inheritdoc/>
    protected override (string Json, SearchEpoch Shown) RunEpoch(IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var e = _runner.RunEpoch(progress is null ? null : new Batches(progress), cancellationToken);
        List<SearchFigure> figures =
        [
            new("train_perplexity", e.TrainPerplexity), new("validation_perplexity", e.ValidationPerplexity), new("entropy", e.Entropy),
            new("tokens", e.TokensPerSecond, FigureUnit.PerSecond), new("seconds", e.Seconds, FigureUnit.Seconds),
        ];
        if (!double.IsNaN(e.Temperature)) figures.Insert(3, new("temperature", e.Temperature));
        return (StepJson(e), new SearchEpoch(Kind, e.Epoch, Epochs, figures, RnnDagSpace.FromGenotype(e.Genotype)));
    }

    /// <inheritdoc/>
    protected override void Save(string directory, string fingerprint) => _runner.Save(directory, fingerprint);

    /// <inheritdoc/>
    protected override bool TryRestore(string directory, string fingerprint) => _runner.TryRestore(directory, fingerprint);

    /// <inheritdoc/>
    protected override SearchResult Finish(SearchSession session) => CellResult(_runner.Completed[^1].Genotype, _corpus, _model,
        _options.Method == OneShotMethod.Snas
            ? new SearchFigure("derived_validation_perplexity", _runner.Completed[^1].ValidationPerplexity)
            : new SearchFigure("supernet_validation_perplexity", _runner.Completed[^1].ValidationPerplexity),
        _options.Method == OneShotMethod.Snas
            ? "the derived cell scored with the supernet's weights, not trained alone; train the cell again to measure it"
            : "alpha learns on the validation split, so its perplexity is a search number; train the cell again to measure it");

    /// <summary>
    /// The result of a search that derives one recurrent cell: the rnn-dag architecture (best.json), genotype.json, the
    /// search's own perplexity figure and the parameters of the cell's language model.
    /// </summary>
    internal static SearchResult CellResult(RecurrentGenotype genotype, TextCorpus corpus, LanguageModelOptions model, SearchFigure perplexity, string note)
    {
        var architecture = RnnDagSpace.FromGenotype(genotype);
        long parameters;
        using (var net = RecurrentNetworks.Build(architecture, corpus.Vocabulary.Count, model)) parameters = ModelStatistics.Parameters(net);
        return new SearchResult
        {
            Best = architecture,
            Figures = [perplexity, SearchFigure.Count($"parameters_at_size_{model.Size}", parameters)],
            Notes = [note],
            Artifacts = [new SearchArtifact("best.json", architecture.ToJson()), new SearchArtifact("genotype.json", GenotypeJson(genotype).ToJsonString(new() { WriteIndented = true }))],
        };
    }

    /// <summary>A recurrent genotype in the DARTS reference's layout: <c>{"recurrent": [[op, input], …], "concat": […]}</c>.</summary>
    public static JsonObject GenotypeJson(RecurrentGenotype g) => new()
    {
        ["recurrent"] = new JsonArray(g.Steps.Select(s => (JsonNode)new JsonArray(JsonValue.Create(s.Activation), JsonValue.Create(s.Input))).ToArray()),
        ["concat"] = new JsonArray(g.Concat.Select(c => (JsonNode)JsonValue.Create(c)).ToArray()),
    };

    private static string StepJson(RecurrentDartsEpoch e) => new JsonObject
    {
        ["epoch"] = e.Epoch,
        ["seconds"] = Math.Round(e.Seconds, 3),
        ["lr"] = e.LearningRate,
        ["temperature"] = double.IsNaN(e.Temperature) ? null : e.Temperature,
        ["tokens_per_second"] = Math.Round(e.TokensPerSecond, 1),
        ["train_ppl"] = StepNumbers.Rounded(e.TrainPerplexity, 4),
        ["validation_ppl"] = StepNumbers.Rounded(e.ValidationPerplexity, 4),
        ["entropy"] = e.Entropy,
        ["genotype"] = GenotypeJson(e.Genotype),
        ["alpha_softmax"] = new JsonObject
        {
            ["ops"] = new JsonArray(RecurrentDerivation.Ops.Select(op => (JsonNode)JsonValue.Create(op)).ToArray()),
            ["edges"] = new JsonArray(e.Probabilities.Select(row => (JsonNode)new JsonArray(row.Select(x => (JsonNode)JsonValue.Create(Math.Round(x, 6))).ToArray())).ToArray()),
        },
    }.ToJsonString();

    /// <inheritdoc/>
    public override void Dispose() => _runner.Dispose();

    private sealed class Batches(IProgress<SearchProgress> target) : IProgress<RecurrentDartsProgress>
    {
        public void Report(RecurrentDartsProgress p)
        {
            if (p.Finished is null)
                target.Report(new SearchProgress(p.Epoch, p.Epochs, p.Batch, p.Batches, [new SearchFigure("train_perplexity", Math.Exp(p.TrainLoss))]));
        }
    }
}
