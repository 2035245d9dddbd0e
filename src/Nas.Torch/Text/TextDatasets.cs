using Nas.Search;

namespace Nas.Torch.Text;

/// <summary>
/// The text data sets known by name: <c>ptb</c> (word level, Penn Treebank layout in the data directory) and
/// <c>text:FILE</c> (character level, any plain text file, split by fraction).
/// </summary>
public static class TextDatasets
{
    /// <summary>The Penn Treebank word-level corpus, read from a directory.</summary>
    public const string Ptb = "ptb";
    /// <summary>The prefix of a character-level data set: <c>text:</c> and a file name.</summary>
    public const string TextPrefix = "text:";

    /// <summary>True when the data set name is a text one.</summary>
    /// <param name="dataset">A data set's name, or null.</param>
    public static bool IsText(string? dataset) =>
        dataset is not null && (dataset.Equals(Ptb, StringComparison.OrdinalIgnoreCase) || dataset.StartsWith(TextPrefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Loads a text data set. A name that is not one, or ptb without a directory, is a <see cref="SettingException"/> for
    /// <c>data.dataset</c> or <c>data.directory</c>, the settings the two arguments come from; a missing or unreadable
    /// file is a <see cref="NasUserException"/> naming it.
    /// </summary>
    /// <param name="dataset"><c>ptb</c> or <c>text:FILE</c>.</param>
    /// <param name="dataDirectory">ptb's directory; for <c>text:FILE</c>, where a relative FILE is looked for (null: the working directory).</param>
    public static TextCorpus Load(string dataset, string? dataDirectory)
    {
        if (dataset.Equals(Ptb, StringComparison.OrdinalIgnoreCase))
        {
            if (dataDirectory is null) throw new SettingException("data.directory", "is needed for ptb: a directory holding train.txt, valid.txt and test.txt (Penn Treebank cannot be downloaded here)");
            return WordCorpusReader.Read(dataDirectory, Ptb);
        }
        if (dataset.StartsWith(TextPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = dataset[TextPrefix.Length..];
            if (path.Length == 0) throw new SettingException("data.dataset", "text:FILE needs a file name after 'text:'");
            if (dataDirectory is not null && !Path.IsPathRooted(path)) path = Path.Combine(dataDirectory, path);
            return CharCorpusReader.Read(path, name: dataset);
        }
        throw new SettingException("data.dataset", $"must be a text data set, ptb or text:FILE, got '{dataset}'");
    }
}
