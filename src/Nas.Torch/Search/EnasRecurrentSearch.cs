using System.Text.Json.Nodes;
using Nas.Search;
using Nas.Spaces.Recurrent;
using Nas.Torch.Enas;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Text;
using TorchSharp;

namespace Nas.Torch.Search;

/// <summary>
/// ENAS over the recurrent DAG cell of a language model (<see cref="EnasRecurrentRunner"/>): one <c>enas-rnn</c> step per
/// epoch (train perplexity, the controller's mean reward, baseline and entropy, the derived cell and its validation
/// perplexity with the shared weights); the last epoch's cell is the result (an rnn-dag architecture), with genotype.json
/// in the DARTS reference's layout.
/// </summary>
internal sealed class EnasRecurrentSearch : EpochSearch
{
    private readonly TextCorpus _corpus;
    private readonly LanguageModelOptions _model;
    private readonly EnasRecurrentOptions _options;
    private readonly EnasRecurrentRunner _runner;

    private EnasRecurrentSearch(ResolvedRequest r, EnasRecurrentOptions options, LanguageModelOptions model, TextCorpus corpus, JsonObject configuration)
        : base(r.Request, r.Space, configuration, options.Weights.Epochs)
    {
        _options = options;
        _model = model;
        _corpus = corpus;
        _runner = new EnasRecurrentRunner(options, corpus.Vocabulary.Count, model, corpus.Train, corpus.Validation);
    }

    /// <inheritdoc/>
    public override string Kind => "enas-rnn";

    /// <inheritdoc/>
    protected override string Data => _corpus.ToString();

    /// <inheritdoc/>
    protected override string Plan => $"shared cell of {_options.Space.Nodes} nodes, size {_model.Size}, {Epochs} epoch(s), batch {_options.Weights.BatchSize}, " +
        $"{_options.ControllerSteps} controller steps per epoch";

    /// <inheritdoc/>
    protected override int EpochsDone => _runner.Completed.Count;

    internal static EnasRecurrentSearch Create(ResolvedRequest r, EnasControllerOptions controller, JsonObject configuration)
    {
        var t = r["training"];
        // Averaging is for the final training: the shared weights learn with plain SGD, as the ENAS reference.
        var weights = LanguageTrainingSettings.Read(t, r.Seed, r["data"].OptionalInteger("subset")) with { Averaging = false };
        if (weights.Device.type != DeviceType.CPU) throw new SettingException(t.PathOf("device"), OneShot.OneShotRunner.CpuOnly);
        var e = r["enas"];
        var options = new EnasRecurrentOptions
        {
            Space = RnnDagSpaceOptions.FromJson(r.Space.Settings),
            Weights = weights,
            Controller = controller,
            ControllerSteps = e.Integer("controller_steps"),
            DeriveSamples = e.Integer("final_samples"),
            RewardConstant = e.Real("reward_constant"),
        }.Validated();
        var model = LanguageModelSettings.Read(r["model"]);
        var corpus = TextDataSettings.Load(r["data"], r.Kind.Name);
        configuration["data"] = TextDataSettings.Facts(corpus);
        configuration["weight_sharing"] = new JsonObject
        {
            ["method"] = "enas over the recurrent dag cell (carpedm20/ENAS-pytorch)",
            ["shared_cell"] = "one matrix per (node, earlier node) edge; a child is a path through them",
            ["split"] = "shared weights on the training split, a child per window; the controller on validation windows",
            ["reward"] = $"{options.RewardConstant} / validation-window perplexity",
        };
        return new EnasRecurrentSearch(r, options, model, corpus, configuration);
    }

    /// <inheritdoc/>
    protected override (string Json, SearchEpoch Shown) RunEpoch(IProgress<SearchProgress>? progress, CancellationToken cancellationToken)
    {
        var e = _runner.RunEpoch(cancellationToken);
        SearchFigure[] figures =
        [
            new("train_perplexity", e.TrainPerplexity), new("validation_perplexity", e.ValidationPerplexity), new("mean_reward", e.MeanReward),
            new("entropy", e.Entropy), new("tokens", e.TokensPerSecond, FigureUnit.PerSecond), new("seconds", e.Seconds, FigureUnit.Seconds),
        ];
        return (StepJson(e), new SearchEpoch(Kind, e.Epoch, Epochs, figures, RnnDagSpace.FromGenotype(e.Genotype)));
    }

    /// <inheritdoc/>
    protected override void Save(string directory, string fingerprint) => _runner.Save(directory, fingerprint);

    /// <inheritdoc/>
    protected override bool TryRestore(string directory, string fingerprint) => _runner.TryRestore(directory, fingerprint);

    /// <inheritdoc/>
    protected override SearchResult Finish(SearchSession session) =>
        RecurrentDartsSearch.CellResult(_runner.Completed[^1].Genotype, _corpus, _model,
            new SearchFigure("shared_validation_perplexity", _runner.Completed[^1].ValidationPerplexity),
            "the controller learns on the validation split, so these perplexities are search numbers; train the cell again to measure it");

    private static string StepJson(EnasRecurrentEpoch e) => new JsonObject
    {
        ["epoch"] = e.Epoch,
        ["seconds"] = Math.Round(e.Seconds, 3),
        ["tokens_per_second"] = Math.Round(e.TokensPerSecond, 1),
        ["train_ppl"] = StepNumbers.Rounded(e.TrainPerplexity, 4),
        ["validation_ppl"] = StepNumbers.Rounded(e.ValidationPerplexity, 4),
        ["mean_reward"] = double.IsFinite(e.MeanReward) ? e.MeanReward : null,
        ["baseline"] = e.Baseline,
        ["entropy"] = double.IsFinite(e.Entropy) ? e.Entropy : null,
        ["genotype"] = RecurrentDartsSearch.GenotypeJson(e.Genotype),
    }.ToJsonString();

    /// <inheritdoc/>
    public override void Dispose() => _runner.Dispose();
}
