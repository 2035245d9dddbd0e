using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Search;
using Nas.Spaces;
using Nas.Spaces.Recurrent;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Runtime;
using Nas.Torch.Search;
using Nas.Torch.Statistics;
using Nas.Torch.Text;
using Nas.Torch.Training;

namespace Nas.Torch.Final;

/// <summary>
/// A language model trained from scratch on the training split (the validation split picks the epoch kept and starts
/// averaged SGD) and measured on the test split once, in perplexity. The architecture is a recurrent space's, a
/// published recurrent cell (DARTS_V1, DARTS_V2, ENAS) or <c>lstm</c> (TorchSharp's LSTM, the baseline).
/// </summary>
internal sealed class LanguageTrainingRun : ITrainingRun
{
    private readonly string _name;
    private readonly Architecture? _architecture;
    private readonly TextCorpus _corpus;
    private readonly LanguageModelOptions _model;
    private readonly LanguageTrainingOptions _recipe;
    private readonly RecurrentLanguageModel _network;
    private readonly long _parameters;

    private LanguageTrainingRun(string name, Architecture? architecture, TextCorpus corpus, LanguageModelOptions model, LanguageTrainingOptions recipe, JsonObject configuration)
    {
        (_name, _architecture, _corpus, _model, _recipe, Configuration) = (name, architecture, corpus, model, recipe, configuration);
        TorchRuntime.Seed(recipe.Seed);
        _network = RecurrentNetworks.Build(architecture, corpus.Vocabulary.Count, model);
        _parameters = ModelStatistics.Parameters(_network);
        configuration["parameters"] = _parameters;
    }

    public string Description => _architecture is null ? "TorchSharp LSTM" : SpaceCatalog.Default.Describe(_architecture);

    public int Epochs => _recipe.Epochs;

    public JsonObject Configuration { get; }

    public IReadOnlyList<SearchFigure> Facts =>
        [SearchFigure.Count("parameters", _parameters), SearchFigure.Count("training_tokens", _corpus.Train.Length), SearchFigure.Count("vocabulary", _corpus.Vocabulary.Count)];

    internal static LanguageTrainingRun Create(TrainRequest request, IReadOnlyDictionary<string, SettingValues> values)
    {
        var architecture = RecurrentArchitecture.Load(request.Architecture);
        var model = LanguageModelSettings.Read(values["model"]);
        var recipe = LanguageTrainingSettings.Read(values["training"], request.Seed, values["data"].OptionalInteger("subset"));
        var corpus = TextDataSettings.Load(values["data"], architecture?.Space.Name ?? RecurrentNetworks.Lstm);
        var configuration = new JsonObject
        {
            ["architecture"] = architecture is null ? RecurrentNetworks.Lstm : JsonNode.Parse(architecture.ToJson(indented: false)),
            ["seed"] = request.Seed,
            ["settings"] = new JsonObject { ["data"] = values["data"].Values.DeepClone(), ["training"] = values["training"].Values.DeepClone(), ["model"] = values["model"].Values.DeepClone() },
            ["data"] = TextDataSettings.Facts(corpus),
        };
        return new LanguageTrainingRun(request.Architecture, architecture, corpus, model, recipe, configuration);
    }

    public Task<FinalResult> RunAsync(TrainingSession session, CancellationToken cancellationToken = default)
    {
        if (session.Resume) throw new NasUserException("resuming the training of a language model is not built yet: it keeps no checkpoint");
        var trainer = new LanguageModelTrainer(_recipe);
        var result = trainer.Train(_network, _corpus.Train, _corpus.Validation, session.Progress, cancellationToken);
        double testLoss = trainer.Evaluate(_network, _corpus.Test);

        Directory.CreateDirectory(session.Directory);
        var weights = Path.Combine(session.Directory, FinalOutput.Model);
        _network.save(weights);
        var written = new List<string> { weights };
        if (_architecture is not null)
        {
            var architecture = Path.Combine(session.Directory, FinalOutput.Architecture);
            File.WriteAllText(architecture, _architecture.ToJson());
            written.Add(architecture);
        }
        var report = new JsonObject
        {
            ["arch"] = _name,
            ["test_perplexity"] = Math.Exp(testLoss),
            ["test_loss"] = testLoss,
            ["test_tokens"] = _corpus.Test.Length,
            ["train_tokens"] = _recipe.TrainTokens is { } n ? Math.Min(n, _corpus.Train.Length) : _corpus.Train.Length,
            ["best_validation_perplexity"] = result.BestValidationPerplexity,
            ["best_epoch"] = result.BestEpoch,
            ["averaging_started_after_epoch"] = result.AveragingStartedAfter,
            ["parameters"] = _parameters,
            ["train_seconds"] = result.Seconds,
            ["dataset"] = Configuration["settings"]!["data"]!["dataset"]?.DeepClone(),
            ["level"] = _corpus.Level,
            ["vocabulary"] = _corpus.Vocabulary.Count,
            ["configuration"] = Configuration.DeepClone(),
            ["runtime"] = RuntimeFacts.Describe(),
            ["epochs"] = new JsonArray(result.Epochs.Select(e => (JsonNode?)new JsonObject
            {
                ["epoch"] = e.Epoch, ["train_perplexity"] = Math.Exp(e.TrainLoss), ["validation_perplexity"] = Math.Exp(e.ValidationLoss), ["seconds"] = e.Seconds, ["tokens_per_second"] = e.ImagesPerSecond,
            }).ToArray()),
        };
        var resultPath = Path.Combine(session.Directory, FinalOutput.Result);
        File.WriteAllText(resultPath, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        written.Insert(1, resultPath);
        return Task.FromResult(new FinalResult(
            [new SearchFigure("test_perplexity", Math.Exp(testLoss)), new SearchFigure("best_validation_perplexity", result.BestValidationPerplexity),
             SearchFigure.Count("best_epoch", result.BestEpoch), SearchFigure.Count("parameters", _parameters)],
            result.Seconds, written));
    }

    public void Dispose() => _network.Dispose();
}
