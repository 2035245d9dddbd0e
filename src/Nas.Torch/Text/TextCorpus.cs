namespace Nas.Torch.Text;

/// <summary>A tokenised corpus: the vocabulary (from the training split) and the three splits as token ids.</summary>
/// <param name="Name">The data set as the user named it (for example <c>ptb</c> or <c>text:FILE</c>).</param>
/// <param name="Level"><c>word</c> or <c>char</c>.</param>
/// <param name="Vocabulary">The tokens of the training split, and the unknown token.</param>
/// <param name="Train">The training split's token ids.</param>
/// <param name="Validation">The validation split's token ids (what a search scores on).</param>
/// <param name="Test">The test split's token ids (read only by a final training).</param>
public sealed record TextCorpus(string Name, string Level, Vocabulary Vocabulary, int[] Train, int[] Validation, int[] Test)
{
    /// <summary>The corpus in words: name, level, vocabulary and the size of each split.</summary>
    public override string ToString() =>
        $"{Name} ({Level} level, {Vocabulary.Count} tokens in the vocabulary, {Train.Length} / {Validation.Length} / {Test.Length} train / validation / test tokens)";
}
