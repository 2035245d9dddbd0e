using Nas.Torch.Data;

namespace Nas.Torch.Text;

/// <summary>
/// Reads a word-level corpus in the Penn Treebank layout: <c>train.txt</c>, <c>valid.txt</c>, <c>test.txt</c>
/// in one directory, tokens separated by white space, one sentence a line; <c>&lt;eos&gt;</c> is appended to
/// every line. The vocabulary comes from the training file; other words map to <c>&lt;unk&gt;</c>.
/// </summary>
public static class WordCorpusReader
{
    /// <summary>Reads the three files; a missing directory or file, or one that is not text, is a <see cref="NasUserException"/> naming it.</summary>
    /// <param name="directory">The directory holding train.txt, valid.txt and test.txt.</param>
    /// <param name="name">The corpus's name.</param>
    public static TextCorpus Read(string directory, string name = "ptb")
    {
        if (File.Exists(directory)) throw new NasUserException($"'{directory}' is a file, not a directory (the {name} data set needs train.txt, valid.txt and test.txt there)");
        if (!Directory.Exists(directory)) throw new NasUserException($"no directory '{directory}' (the {name} data set needs train.txt, valid.txt and test.txt there)");
        string PathOf(string file)
        {
            var path = Path.Combine(directory, file);
            DataFile.NotADirectory(path, "a text file");
            if (!File.Exists(path)) throw new NasUserException($"{path}: missing (the {name} data set needs train.txt, valid.txt and test.txt)");
            return path;
        }
        var train = Tokens(PathOf("train.txt"));
        var valid = Tokens(PathOf("valid.txt"));
        var test = Tokens(PathOf("test.txt"));
        if (train.Count < 2) throw new NasUserException($"{PathOf("train.txt")}: no text");
        var vocabulary = new Vocabulary();
        foreach (var t in train) vocabulary.Add(t);
        vocabulary.Add(Vocabulary.Unknown);
        return new TextCorpus(name, "word", vocabulary, vocabulary.Encode(train), vocabulary.Encode(valid), vocabulary.Encode(test));
    }

    /// <summary>The tokens of a file: the words of each line followed by <c>&lt;eos&gt;</c>.</summary>
    /// <param name="path">A text file (gzip accepted).</param>
    public static List<string> Tokens(string path)
    {
        var text = DataFile.ReadText(path);
        var tokens = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            tokens.AddRange(words);
            tokens.Add(Vocabulary.EndOfSentence);
        }
        return tokens;
    }
}
