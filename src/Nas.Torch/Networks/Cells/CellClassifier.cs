using Nas.Spaces.Cells;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Cells;

/// <summary>
/// A <see cref="NetworkCifar"/> seen as a plain classifier (logits only), so cell-space architectures
/// train through the same trainer and evaluator as every other space. The auxiliary head is not built:
/// the trainer has no auxiliary loss yet.
/// </summary>
public sealed class CellClassifier : nn.Module<Tensor, Tensor>
{
    /// <summary>Search-time size: C=16 and 8 cells, the DARTS search setting.</summary>
    public const int SearchChannels = 16, SearchLayers = 8;

    private readonly NetworkCifar network;

    public CellClassifier(Genotype genotype, InputShape input, int channels = SearchChannels, int layers = SearchLayers) : base(nameof(CellClassifier))
    {
        network = new NetworkCifar(genotype, channels, input.Classes, layers, auxiliary: false, inputChannels: input.Channels);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => network.call(input).Logits;
}
