using System.Text.Json.Nodes;
using Nas.Search;
using Nas.Torch.Text;

namespace Nas.Torch.Search;

/// <summary>Group <c>data</c> of a search over a language space: the corpus, where it is, and how much of it to train on.</summary>
public static class TextDataSettings
{
    /// <summary>The settings.</summary>
    public static SettingGroup Group { get; } = new("data", "Data", [
        Setting.Text("dataset", null, "the corpus: ptb (Penn Treebank layout, with a directory) or text:FILE (any text file, character level)"),
        Setting.Text("directory", null, "the directory holding ptb's train.txt, valid.txt and test.txt"),
        Setting.Integer("subset", null, "train on the first N tokens of the training split (default: all)", minimum: 1),
    ]);

    /// <summary>Checks that the data set is text.</summary>
    public static string Dataset(SettingValues values, string space)
    {
        string dataset = values.OptionalText("dataset")
            ?? throw new SettingException(values.PathOf("dataset"), $"is needed: the {space} space learns language models (ptb with a directory, or text:FILE)");
        if (!TextDatasets.IsText(dataset))
            throw new SettingException(values.PathOf("dataset"), $"must be text for the {space} space (ptb with a directory, or text:FILE), got '{dataset}'");
        return dataset;
    }

    /// <summary>Reads the corpus.</summary>
    public static TextCorpus Load(SettingValues values, string space) => TextDatasets.Load(Dataset(values, space), values.OptionalText("directory"));

    /// <summary>What was loaded, for the record.</summary>
    public static JsonObject Facts(TextCorpus corpus) => new()
    {
        ["level"] = corpus.Level,
        ["vocabulary"] = corpus.Vocabulary.Count,
        ["train_tokens"] = corpus.Train.Length,
        ["validation_tokens"] = corpus.Validation.Length,
    };
}
