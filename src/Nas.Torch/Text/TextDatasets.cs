namespace Nas.Torch.Text;

/// <summary>
/// The text data sets the CLI knows: <c>ptb</c> (word level, Penn Treebank layout in <c>--data-dir</c>) and
/// <c>text:FILE</c> (character level, any plain text file, split by fraction).
/// </summary>
public static class TextDatasets
{
    public const string Ptb = "ptb";
    public const string TextPrefix = "text:";

    /// <summary>True when the data set name is a text one.</summary>
    public static bool IsText(string? dataset) =>
        dataset is not null && (dataset.Equals(Ptb, StringComparison.OrdinalIgnoreCase) || dataset.StartsWith(TextPrefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Loads a text data set; errors name the option or file at fault.</summary>
    public static TextCorpus Load(string dataset, string? dataDirectory)
    {
        if (dataset.Equals(Ptb, StringComparison.OrdinalIgnoreCase))
        {
            if (dataDirectory is null) throw new NasUserException("--dataset ptb needs --data-dir DIR holding train.txt, valid.txt and test.txt (Penn Treebank cannot be downloaded here)");
            return WordCorpusReader.Read(dataDirectory, Ptb);
        }
        if (dataset.StartsWith(TextPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = dataset[TextPrefix.Length..];
            if (path.Length == 0) throw new NasUserException("--dataset text:FILE needs a file name after 'text:'");
            if (dataDirectory is not null && !Path.IsPathRooted(path)) path = Path.Combine(dataDirectory, path);
            return CharCorpusReader.Read(path, name: dataset);
        }
        throw new NasUserException($"--dataset: '{dataset}' is not a text data set (use ptb or text:FILE)");
    }
}
