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
    /// <summary>Reads and splits the file; a missing, unreadable or too short file is a <see cref="NasUserException"/> naming it.</summary>
    /// <param name="path">The text file (gzip accepted).</param>
    /// <param name="validationFraction">Share of the characters, before the test part at the end, that validate.</param>
    /// <param name="testFraction">Share of the characters at the end held out for testing; the two shares are positive and sum below 0.5.</param>
    /// <param name="name">The corpus's name; null: <c>text:</c> and the path.</param>
    public static TextCorpus Read(string path, double validationFraction = 0.05, double testFraction = 0.05, string? name = null)
    {
        if (!(validationFraction > 0) || validationFraction >= 0.5)
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be positive, and below 0.5 with the test fraction");
        if (!(testFraction > 0) || validationFraction + testFraction >= 0.5)
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "must be positive, and below 0.5 with the validation fraction");
        DataFile.NotADirectory(path, "a text file");
        if (!File.Exists(path)) throw new NasUserException($"no file '{path}'");
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
