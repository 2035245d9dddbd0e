using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Search;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Runtime;
using Nas.Torch.Search;
using Nas.Torch.Statistics;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Torch.Final;

/// <summary>An image classifier trained from scratch (<see cref="Trainer"/>, a checkpoint after every epoch) and measured on the test set.</summary>
internal sealed class ImageTrainingRun : ITrainingRun
{
    private readonly Architecture _architecture;
    private readonly PreparedData _data;
    private readonly TrainingOptions _recipe;
    private readonly NetworkOptions _size;
    private readonly InputShape _input;
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly long _parameters, _auxiliary, _madds;

    private ImageTrainingRun(Architecture architecture, PreparedData data, TrainingOptions recipe, NetworkOptions size, JsonObject configuration)
    {
        (_architecture, _data, _recipe, _size, Configuration) = (architecture, data, recipe, size, configuration);
        var input = _input = new InputShape(data.Train.Channels, data.Train.Height, data.Train.Width, data.Train.Classes);
        TorchRuntime.Seed(recipe.Seed);
        _model = NetworkCatalog.Default.Build(architecture, input, size);
        var counts = ModelStatistics.Count(_model);
        (_parameters, _auxiliary) = (counts.Network, counts.Auxiliary);
        _madds = ModelStatistics.MultiplyAdds(_model, input.Example);
        configuration["parameters"] = _parameters;
        configuration["multiply_adds"] = _madds;
    }

    public string Description => SpaceCatalog.Default.Describe(_architecture);

    public int Epochs => _recipe.Epochs;

    public JsonObject Configuration { get; }

    public IReadOnlyList<SearchFigure> Facts =>
    [
        SearchFigure.Count("parameters", _parameters), SearchFigure.Count("auxiliary_head_parameters", _auxiliary), SearchFigure.Count("multiply_adds_per_image", _madds),
        SearchFigure.Count("training_examples", _data.Train.Count), SearchFigure.Count("test_examples", _data.Test.Count),
    ];

    internal static ImageTrainingRun Create(TrainRequest request, IReadOnlyDictionary<string, SettingValues> values)
    {
        var architecture = Resolve(request.Architecture);
        var recipe = ImageTrainingSettings.Read(values["training"], request.Seed, ImageDataSettings.Dataset(values["data"], architecture.Space.Name));
        var network = values["network"];
        NetworkOptions size;
        if (architecture.Space is var space && CellSpace.IsCellSpace(space)) size = NetworkSettings.Read(network, auxiliary: recipe.AuxiliaryWeight > 0);
        else
        {
            if (new[] { "init_channels", "cells", "layout" }.FirstOrDefault(network.Given) is { } key)
                throw new SettingException(network.PathOf(key), $"applies to cell architectures; a {architecture.Space.Name} architecture carries its own sizes");
            size = NetworkOptions.Default;
        }
        var data = PreparedData.ForFinalTraining(values["data"].Text("dataset"), values["data"].OptionalText("directory"), values["data"].OptionalInteger("subset"), request.Seed);
        var configuration = new JsonObject
        {
            ["architecture"] = JsonNode.Parse(architecture.ToJson(indented: false)),
            ["seed"] = request.Seed,
            ["settings"] = new JsonObject { ["data"] = values["data"].Values.DeepClone(), ["training"] = values["training"].Values.DeepClone() },
            ["train_examples"] = data.Train.Count,
            ["normalization"] = JsonSerializer.SerializeToNode(data.Normalization),
        };
        if (CellSpace.IsCellSpace(architecture.Space)) configuration["settings"]!["network"] = network.Values.DeepClone();
        try { return new ImageTrainingRun(architecture, data, recipe, size, configuration); }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>An image architecture: recurrent ones (and <c>lstm</c>) are for text and say so.</summary>
    private static Architecture Resolve(string text)
    {
        const string forText = "is for text data sets (ptb or text:FILE)";
        if (!File.Exists(text) && text.Equals(RecurrentNetworks.Lstm, StringComparison.OrdinalIgnoreCase))
            throw new SettingException("architecture", $"'{text}' {forText}");
        var architecture = ArchitectureSource.Load(text);
        if (RecurrentNetworks.IsRecurrentSpace(architecture.Space.Name))
            throw new SettingException("architecture", $"'{text}': an architecture of the {architecture.Space.Name} space {forText}");
        return architecture;
    }

    public Task<FinalResult> RunAsync(TrainingSession session, CancellationToken cancellationToken = default)
    {
        var checkpoint = new TrainingCheckpoint(Path.Combine(session.Directory, FinalOutput.Checkpoint), Configuration.ToJsonString());
        if (checkpoint.Exists && !session.Resume) throw new UnfinishedRunException(session.Directory);
        if (session.Resume)
        {
            if (!checkpoint.Exists) throw new NasUserException($"{session.Directory}: no checkpoint to resume (it is written after every epoch)");
            session.Resumed?.Invoke(checkpoint.SavedEpochs);
        }
        // The one network this run trains: where oneDNN is off for convolutions it gets wrong on this machine, this
        // network trains with oneDNN but for its own convolutions that it gets wrong (the result's "runtime" says which).
        using var kernels = CpuKernels.AdmitOneDnnFor(_model, [_input.Channels, _input.Height, _input.Width]);
        var trainer = new Trainer(_recipe);
        var result = trainer.Train(_model, _data.Train, null, session.Progress, cancellationToken, checkpoint, session.Replan,
            kernels.Replicating(_recipe.Replicas > 1 ? () => NetworkCatalog.Default.Build(_architecture, _input, _size) : null));
        var test = trainer.Evaluate(_model, _data.Test);

        Directory.CreateDirectory(session.Directory);
        var weights = Path.Combine(session.Directory, FinalOutput.Model);
        _model.save(weights);
        var architecture = Path.Combine(session.Directory, FinalOutput.Architecture);
        File.WriteAllText(architecture, _architecture.ToJson());
        var report = new JsonObject
        {
            ["test_accuracy"] = test.Accuracy,
            ["test_loss"] = test.Loss,
            ["test_examples"] = test.Count,
            ["parameters"] = _parameters,
            ["auxiliary_head_parameters"] = _auxiliary,
            ["multiply_adds"] = _madds,
            ["network"] = new JsonObject { ["init_channels"] = _size.Channels, ["cells"] = _size.Layers, ["auxiliary"] = _size.Auxiliary, ["layout"] = _size.Kind.ToString().ToLowerInvariant() },
            ["train_seconds"] = result.Seconds,
            ["trained_epochs"] = result.Epochs.Count,
            ["final_train_accuracy"] = result.Last.TrainAccuracy,
            ["final_train_loss"] = result.Last.TrainLoss,
            ["dataset"] = Configuration["settings"]!["data"]!["dataset"]?.DeepClone(),
            ["input"] = new JsonObject { ["channels"] = _input.Channels, ["height"] = _input.Height, ["width"] = _input.Width, ["classes"] = _input.Classes },
            ["normalization"] = Configuration["normalization"]!.DeepClone(),
            ["configuration"] = Configuration.DeepClone(),
            ["runtime"] = RuntimeFacts.Describe(),
            ["epochs"] = new JsonArray(result.Epochs.Select(e => (JsonNode?)new JsonObject
            {
                ["epoch"] = e.Epoch, ["train_loss"] = e.TrainLoss, ["train_accuracy"] = e.TrainAccuracy, ["seconds"] = e.Seconds, ["images_per_second"] = e.ImagesPerSecond,
            }).ToArray()),
        };
        var resultPath = Path.Combine(session.Directory, FinalOutput.Result);
        File.WriteAllText(resultPath, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        checkpoint.Delete(); // the run is over and its results are written
        return Task.FromResult(new FinalResult(
            [SearchFigure.Fraction("test_accuracy", test.Accuracy), new SearchFigure("test_loss", test.Loss), SearchFigure.Count("parameters", _parameters), SearchFigure.Count("multiply_adds", _madds)],
            result.Seconds, [weights, resultPath, architecture]));
    }

    public void Dispose()
    {
        _model.Dispose();
        _data.Dispose();
    }
}
