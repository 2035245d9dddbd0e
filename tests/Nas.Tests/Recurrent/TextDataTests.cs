using Nas.Search;
using Nas.Torch.Text;

namespace Nas.Tests.Recurrent;

public class TextDataTests
{
    [Fact]
    public void Batchify_cuts_the_stream_into_contiguous_columns()
    {
        var ids = Enumerable.Range(0, 23).ToArray();
        using var batches = TextBatches.Batchify(ids, 3);
        Assert.Equal(new long[] { 7, 3 }, batches.shape);
        var data = batches.data<long>().ToArray();
        for (int s = 0; s < 7; s++)
            for (int b = 0; b < 3; b++)
                Assert.Equal(b * 7 + s, data[s * 3 + b]); // column b is ids[7b .. 7b+6]; tokens 21, 22 dropped
    }

    [Fact]
    public void Fixed_windows_cover_every_predictable_row_once()
    {
        var windows = BpttWindows.Fixed(10, 4).ToArray();
        Assert.Equal(new[] { (0, 4), (4, 4), (8, 1) }, windows.Select(w => (w.Start, w.Length)));
    }

    [Fact]
    public void Variable_windows_are_contiguous_and_near_the_nominal_length()
    {
        var windows = BpttWindows.Variable(5000, 35, new Random(3)).ToArray();
        long next = 0;
        foreach (var w in windows)
        {
            Assert.Equal(next, w.Start);
            Assert.True(w.Length >= 1);
            next += w.Length;
        }
        Assert.Equal(4999, next);
        Assert.All(windows[..^1], w => Assert.True(w.Length >= 5));
        double mean = windows[..^1].Average(w => w.Length);
        Assert.InRange(mean, 30, 36);                               // 0.95 * 35 + 0.05 * 17.5 ≈ 34
        Assert.True(windows.Select(w => w.Length).Distinct().Count() > 5);
        Assert.Equal(windows, BpttWindows.Variable(5000, 35, new Random(3)).ToArray());
    }

    [Theory]
    [InlineData("nul")]
    [InlineData("latin1")]
    [InlineData("elf")]
    public void A_file_that_is_not_text_is_refused_naming_it(string kind)
    {
        using var dir = new Nas.Tests.Data.TempDirectory();
        var path = dir.File("corpus.txt");
        var text = System.Text.Encoding.UTF8.GetBytes(TinyText.Sentences(50, 1));
        byte[] bytes = kind switch
        {
            "nul" => [.. text[..100], 0, .. text[100..]],
            "latin1" => [.. text[..200], 0xE9, (byte)'t', (byte)'e', .. text[200..]], // "été" in Latin-1
            _ => [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, .. text],
        };
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<NasUserException>(() => CharCorpusReader.Read(path));
        Assert.StartsWith($"{path} is not a text file (", e.Message);
        Assert.Contains(kind == "latin1" ? "invalid UTF-8" : "NUL byte", e.Message);
        // The same check guards the word-level reader.
        File.Copy(path, dir.File("train.txt"));
        File.WriteAllText(dir.File("valid.txt"), "a b .\n");
        File.WriteAllText(dir.File("test.txt"), "a b .\n");
        Assert.StartsWith($"{dir.File("train.txt")} is not a text file", Assert.Throws<NasUserException>(() => WordCorpusReader.Read(dir.Path)).Message);
    }

    [Fact]
    public void A_text_path_that_is_a_directory_is_called_a_directory()
    {
        using var dir = new Nas.Tests.Data.TempDirectory();
        var e = Assert.Throws<NasUserException>(() => TextDatasets.Load("text:" + dir.Path, null));
        Assert.Equal($"{dir.Path} is a directory, not a text file", e.Message);
        TinyText.WritePtbLayout(dir.File("ptb"));
        File.Delete(Path.Combine(dir.File("ptb"), "valid.txt"));
        Directory.CreateDirectory(Path.Combine(dir.File("ptb"), "valid.txt"));
        Assert.Equal($"{Path.Combine(dir.File("ptb"), "valid.txt")} is a directory, not a text file",
            Assert.Throws<NasUserException>(() => TextDatasets.Load("ptb", dir.File("ptb"))).Message);
    }

    [Fact]
    public void Word_corpus_appends_eos_and_maps_unseen_words_to_unk()
    {
        var dir = TinyText.WritePtbLayout(Path.Combine(Path.GetTempPath(), "nas-ptb-" + Guid.NewGuid().ToString("N")));
        try
        {
            var corpus = WordCorpusReader.Read(dir);
            var v = corpus.Vocabulary;
            Assert.Equal("word", corpus.Level);
            Assert.Equal(300 * 7, corpus.Train.Length);                 // 6 tokens and <eos> per line
            Assert.Equal(v.IdOf(Vocabulary.EndOfSentence), corpus.Train[6]);
            var firstLine = File.ReadLines(Path.Combine(dir, "train.txt")).First();
            Assert.Equal(firstLine + " <eos>", string.Join(" ", corpus.Train[..7].Select(id => v[id])));
            int unk = v.IdOf(Vocabulary.Unknown);
            Assert.True(unk >= 0);
            Assert.Equal(new[] { unk, unk, unk, v.IdOf("."), v.IdOf(Vocabulary.EndOfSentence) }, corpus.Validation[^5..]);
            Assert.DoesNotContain(unk, corpus.Train);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Char_corpus_splits_in_order_by_fraction()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, new string('a', 900) + new string('b', 50) + new string('c', 50));
            var corpus = CharCorpusReader.Read(file, 0.05, 0.05);
            Assert.Equal((900, 50, 50), (corpus.Train.Length, corpus.Validation.Length, corpus.Test.Length));
            Assert.Equal(2, corpus.Vocabulary.Count);                    // 'a' and <unk>: the vocabulary comes from training only
            Assert.All(corpus.Test, id => Assert.Equal(corpus.Vocabulary.IdOf(Vocabulary.Unknown), id));
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Missing_files_are_user_errors_naming_the_file()
    {
        var e = Assert.Throws<NasUserException>(() => TextDatasets.Load("text:/no/such/file.txt", null));
        Assert.Equal("no file '/no/such/file.txt'", e.Message);
        var d = Assert.Throws<NasUserException>(() => WordCorpusReader.Read("/no/such/dir"));
        Assert.StartsWith("no directory '/no/such/dir'", d.Message);
    }

    [Fact]
    public void A_name_that_is_not_a_text_data_set_or_ptb_without_a_directory_names_the_setting()
    {
        var p = Assert.Throws<SettingException>(() => TextDatasets.Load("ptb", null));
        Assert.Equal("data.directory", p.Path);
        Assert.StartsWith("is needed for ptb", p.Problem);
        var empty = Assert.Throws<SettingException>(() => TextDatasets.Load("text:", null));
        Assert.Equal("data.dataset", empty.Path);
        var other = Assert.Throws<SettingException>(() => TextDatasets.Load("fashion-mnist", null));
        Assert.Equal("data.dataset", other.Path);
        Assert.Equal("must be a text data set, ptb or text:FILE, got 'fashion-mnist'", other.Problem);
        Assert.Equal("testFraction", Assert.Throws<ArgumentOutOfRangeException>(() => CharCorpusReader.Read("/no/such/file.txt", 0.25, 0.25)).ParamName);
        Assert.Equal("validationFraction", Assert.Throws<ArgumentOutOfRangeException>(() => CharCorpusReader.Read("/no/such/file.txt", 0, 0.05)).ParamName);
    }
}
