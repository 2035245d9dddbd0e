using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Search;
using Nas.Torch.Data;
using Nas.Torch.Text;

namespace Nas.Torch.Search;

/// <summary>Group <c>data</c> of a search over an image space: the data set, where its files are, and the search's split of it.</summary>
public static class ImageDataSettings
{
    /// <summary>The settings.</summary>
    public static SettingGroup Group { get; } = new("data", "Data", [
        Setting.Text("dataset", DatasetCatalog.FashionMnist,
            $"the data set: fashion-mnist (found in {DatasetCatalog.DefaultFashionMnistDirectory}, Debian package dataset-fashion-mnist), mnist or cifar10 (both need a directory)"),
        Setting.Text("directory", null, "the directory holding the data set's files (IDX files for mnist and fashion-mnist, data_batch_*.bin for cifar10)"),
        Setting.Integer("subset", null, "search on this many training examples (default: all that remain after the validation split)", minimum: 1),
        Setting.Integer("validation", null, "validation examples carved from the training set, never the test set (default: a tenth of it, at most 5000)", minimum: 1),
    ]);

    /// <summary>Checks the data set's name against the image data sets (a text data set asks for a language space).</summary>
    public static string Dataset(SettingValues values, string space)
    {
        string dataset = values.Text("dataset");
        if (TextDatasets.IsText(dataset))
            throw new SettingException(values.PathOf("dataset"), $"is text ('{dataset}'), which a language space searches (rnn-dag, rnn-tree), not the {space} space");
        var known = DatasetCatalog.Names.FirstOrDefault(n => n.Equals(dataset, StringComparison.OrdinalIgnoreCase))
            ?? throw new SettingException(values.PathOf("dataset"), $"must be one of {string.Join(", ", DatasetCatalog.Names)}, got '{dataset}'");
        values.Values["dataset"] = known;
        return known;
    }

    /// <summary>Loads the split the search uses: a seeded subset, the validation part, normalisation from the training part; the test set unread.</summary>
    public static PreparedData Load(SettingValues values, string space, int seed) =>
        PreparedData.ForSearch(Dataset(values, space), values.OptionalText("directory"), values.OptionalInteger("subset"), values.OptionalInteger("validation"), seed);

    /// <summary>The data in words.</summary>
    public static string Describe(PreparedData data) => $"{data.Train.Count} training / {data.Validation.Count} validation examples of {data.Train.Name}";

    /// <summary>What was loaded, for the record.</summary>
    public static JsonObject Facts(PreparedData data) => new()
    {
        ["train_examples"] = data.Train.Count,
        ["validation_examples"] = data.Validation.Count,
        ["normalization"] = JsonSerializer.SerializeToNode(data.Normalization),
    };
}
