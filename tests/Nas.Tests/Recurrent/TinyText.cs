namespace Nas.Tests.Recurrent;

/// <summary>Small generated texts for the recurrent tests.</summary>
internal static class TinyText
{
    /// <summary>A text of short sentences over a few words, seeded; predictable enough to learn a little.</summary>
    public static string Sentences(int count, int seed)
    {
        var random = new Random(seed);
        string[] subjects = { "the cat", "a dog", "my friend", "the bird" };
        string[] verbs = { "sees", "likes", "eats", "finds" };
        string[] objects = { "the fish", "a ball", "some bread", "the tree" };
        var lines = Enumerable.Range(0, count).Select(_ =>
            $"{subjects[random.Next(subjects.Length)]} {verbs[random.Next(verbs.Length)]} {objects[random.Next(objects.Length)]} .");
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>Writes train.txt, valid.txt and test.txt in the PTB layout; returns the directory.</summary>
    public static string WritePtbLayout(string directory, int trainLines = 300, int validLines = 40, int testLines = 40)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "train.txt"), Sentences(trainLines, 1));
        File.WriteAllText(Path.Combine(directory, "valid.txt"), Sentences(validLines, 2) + "an unseen word .\n");
        File.WriteAllText(Path.Combine(directory, "test.txt"), Sentences(testLines, 3));
        return directory;
    }
}
