namespace Nas.Torch.Networks.Recurrent;

/// <summary>
/// Shape and dropouts of a <see cref="RecurrentLanguageModel"/>. The embedding and the hidden state have
/// the same size, because the decoder's weight is the embedding (tied).
/// </summary>
/// <param name="Size">Embedding and hidden size (850 for the PTB networks of the papers).</param>
/// <param name="Layers">Recurrent layers stacked (the papers use one).</param>
/// <param name="EmbeddingDropout">Drops whole words from the embedding matrix (AWD <c>dropoute</c>).</param>
/// <param name="InputDropout">Locked (per-sequence) dropout on the embedded inputs (<c>dropouti</c>).</param>
/// <param name="HiddenDropout">Per-sequence mask on the recurrent state inside the cell, and between layers (<c>dropouth</c>).</param>
/// <param name="OutputDropout">Locked dropout on the last layer's output before the decoder (<c>dropout</c>).</param>
public sealed record LanguageModelOptions(
    int Size = 256,
    int Layers = 1,
    double EmbeddingDropout = 0.1,
    double InputDropout = 0.2,
    double HiddenDropout = 0.25,
    double OutputDropout = 0.4)
{
    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    public LanguageModelOptions Validated()
    {
        if (Size < 1) throw new ArgumentOutOfRangeException(nameof(Size), Size, "must be at least 1");
        if (Layers is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "must be between 1 and 8");
        foreach (var (name, p) in new[] { (nameof(EmbeddingDropout), EmbeddingDropout), (nameof(InputDropout), InputDropout), (nameof(HiddenDropout), HiddenDropout), (nameof(OutputDropout), OutputDropout) })
            if (!(p >= 0 && p < 1)) throw new ArgumentOutOfRangeException(name, p, "must be in [0, 1)");
        return this;
    }

    /// <summary>The PTB network of the papers: size 850, one layer; dropouts as the DARTS final training.</summary>
    public static LanguageModelOptions Ptb { get; } = new(850, 1, 0.1, 0.2, 0.25, 0.75);
}
