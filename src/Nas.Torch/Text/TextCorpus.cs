namespace Nas.Torch.Text;

/// <summary>A tokenised corpus: the vocabulary (from the training split) and the three splits as token ids.</summary>
/// <param name="Name">The data set as the user named it (for example <c>ptb</c> or <c>text:FILE</c>).</param>
/// <param name="Level"><c>word</c> or <c>char</c>.</param>
public sealed record TextCorpus(string Name, string Level, Vocabulary Vocabulary, int[] Train, int[] Validation, int[] Test)
{
    public override string ToString() =>
        $"{Name} ({Level} level, {Vocabulary.Count} tokens in the vocabulary, {Train.Length} / {Validation.Length} / {Test.Length} train / validation / test tokens)";
}
