using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Architectures;
using Nas.Spaces.Cells;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.Networks.Recurrent;
using static TorchSharp.torch;

namespace Nas.Torch.Final;

/// <summary>
/// A finished image training loaded from its directory (what <c>nas train</c> and <c>nas auto</c> leave:
/// <see cref="FinalOutput.Architecture"/>, <see cref="FinalOutput.Result"/>, <see cref="FinalOutput.Model"/>): the
/// network with its trained weights, in inference mode, and what it needs of its inputs. Only reads.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    private TrainedModel(Architecture architecture, nn.Module<Tensor, Tensor> network, InputShape input, Normalization normalization, string dataset, double? testAccuracy, bool testTimeFlip)
        => (Architecture, Network, Input, Normalization, Dataset, TestAccuracy, TestTimeFlip) = (architecture, network, input, normalization, dataset, testAccuracy, testTimeFlip);

    /// <summary>The architecture trained.</summary>
    public Architecture Architecture { get; }

    /// <summary>The network with its trained weights, in eval mode.</summary>
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>The shape of one input and the classes.</summary>
    public InputShape Input { get; }

    /// <summary>The normalisation the network was trained with (applied to pixels in [0, 1]).</summary>
    public Normalization Normalization { get; }

    /// <summary>The data set it was trained on.</summary>
    public string Dataset { get; }

    /// <summary>Whether its test accuracy was measured with test-time flips (the mean of the probabilities of each image and its mirror), so predictions are made so too.</summary>
    public bool TestTimeFlip { get; }

    /// <summary>The test accuracy its training measured, when recorded.</summary>
    public double? TestAccuracy { get; }

    /// <summary>Loads the finished training in <paramref name="directory"/>; a missing or unreadable file is a <see cref="NasUserException"/> naming it.</summary>
    /// <param name="directory">The directory of a <c>nas train</c> or <c>nas auto</c> run.</param>
    public static TrainedModel Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory)) throw new NasUserException($"{directory}: no such directory (give the directory of a nas train or nas auto run)");
        string Need(string name)
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path)) return path;
            bool unfinished = Directory.Exists(Path.Combine(directory, FinalOutput.Checkpoint));
            throw new NasUserException($"{directory}: no {name}" + (unfinished ? " (the training has not finished: resume it first)" : " (not the directory of a finished nas train or nas auto run)"));
        }
        string resultPath = Need(FinalOutput.Result), architecturePath = Need(FinalOutput.Architecture), weights = Need(FinalOutput.Model);
        JsonObject result;
        try { result = JsonNode.Parse(File.ReadAllText(resultPath)) as JsonObject ?? throw new JsonException("not an object"); }
        catch (JsonException e) { throw new NasUserException($"{resultPath}: not a result file ({e.Message})", e); }
        var architecture = ArchitectureSource.Load(architecturePath);
        if (RecurrentNetworks.IsRecurrentSpace(architecture.Space.Name))
            throw new NasUserException($"{directory}: a language model ({architecture.Space.Name}); only image networks are exported and predicted so far");
        string dataset = result["dataset"]?.GetValue<string>() ?? throw new NasUserException($"{resultPath}: no dataset recorded");
        var normalization = result["normalization"]?.Deserialize<Normalization>() ?? throw new NasUserException($"{resultPath}: no normalization recorded");
        var input = result["input"] is JsonObject i
            ? new InputShape(i["channels"]!.GetValue<int>(), i["height"]!.GetValue<int>(), i["width"]!.GetValue<int>(), i["classes"]!.GetValue<int>())
            : DatasetCatalog.Shape(dataset) ?? throw new NasUserException($"{resultPath}: no input shape recorded, and {dataset} is not a data set whose shape is known");
        var options = NetworkOptions.Default;
        if (CellSpace.IsCellSpace(architecture.Space) && result["network"] is JsonObject n)
            options = new NetworkOptions(n["init_channels"]?.GetValue<int>(), n["cells"]?.GetValue<int>(), n["auxiliary"]?.GetValue<bool>() ?? false,
                n["layout"]?.GetValue<string>() == "imagenet" ? NetworkKind.ImageNet : NetworkKind.Cifar);
        var network = NetworkCatalog.Default.Build(architecture, input, options);
        try
        {
            network.load(weights);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException)
        {
            network.Dispose();
            throw new NasUserException($"{weights}: the weights do not fit the architecture in {FinalOutput.Architecture} ({e.Message})", e);
        }
        network.eval();
        bool flip = result["configuration"]?["settings"]?["training"]?["tta"]?.GetValue<bool>() ?? false;
        return new TrainedModel(architecture, network, input, normalization, dataset, result["test_accuracy"]?.GetValue<double>(), flip);
    }

    /// <summary>Frees the network.</summary>
    public void Dispose() => Network.Dispose();
}
