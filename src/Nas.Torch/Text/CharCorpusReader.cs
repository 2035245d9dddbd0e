using System.Globalization;
using Nas.Torch.Data;

namespace Nas.Torch.Text;

/// <summary>
/// Reads any plain text file (gzip accepted) as a character-level corpus, split in order into training,
/// validation and test parts by fraction (the end of the text is held out, never shuffled). Each Unicode
/// text element is a token, line breaks included (CRLF becomes LF).
/// </summary>
public static class CharCorpusReader
{
    public static TextCorpus Read(string path, double validationFraction = 0.05, double testFraction = 0.05, string? name = null)
    {
        DataFile.NotADirectory(path, "a text file (--dataset text:FILE)");
        if (!File.Exists(path)) throw new NasUserException($"--dataset: no file '{path}'");
        if (!(validationFraction > 0) || !(testFraction > 0) || validationFraction + testFraction >= 0.5)
            throw new NasUserException("text corpus: validation and test fractions must be positive and sum below 0.5");
        var text = DataFile.ReadText(path).Replace("\r\n", "\n");
        var tokens = new List<string>(text.Length);
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) tokens.Add(e.GetTextElement());
        if (tokens.Count < 100) throw new NasUserException($"{path}: too little text ({tokens.Count} characters; at least 100 are needed)");
        int validation = (int)Math.Max(1, Math.Round(tokens.Count * validationFraction));
        int test = (int)Math.Max(1, Math.Round(tokens.Count * testFraction));
        int train = tokens.Count - validation - test;
        var vocabulary = new Vocabulary();
        foreach (var t in tokens.Take(train)) vocabulary.Add(t);
        vocabulary.Add(Vocabulary.Unknown);
        return new TextCorpus(name ?? "text:" + path, "char", vocabulary,
            vocabulary.Encode(tokens.Take(train)),
            vocabulary.Encode(tokens.Skip(train).Take(validation)),
            vocabulary.Encode(tokens.Skip(train + validation)));
    }
}
