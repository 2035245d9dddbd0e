using Nas.Torch.Export;
using Nas.Spaces.Cells;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Cells;

/// <summary>
/// A <see cref="NetworkCifar"/> or <see cref="NetworkImageNet"/> seen as a plain classifier (logits only),
/// so cell architectures train through the same trainer and evaluator as every other space. The trainer
/// reaches the auxiliary head and drop-path through <see cref="IAuxiliaryClassifier"/> and
/// <see cref="IDropPathNetwork"/>.
/// </summary>
public sealed class CellClassifier : nn.Module<Tensor, Tensor>, IAuxiliaryClassifier, IDropPathNetwork, IOnnxExportable
{
    /// <summary>Default size: C=16 and 8 cells, the DARTS search setting (the paper's CIFAR network is C=36, 20 cells).</summary>
    public const int DefaultChannels = 16, DefaultLayers = 8;

    private readonly nn.Module<Tensor, (Tensor Logits, Tensor? AuxiliaryLogits)> network;

    /// <param name="genotype">Both cells of the architecture.</param>
    /// <param name="input">The images' shape and the number of classes.</param>
    /// <param name="options">Channels, cells, auxiliary head and CIFAR or ImageNet layout; null for <see cref="DefaultChannels"/>, <see cref="DefaultLayers"/>, no head, CIFAR.</param>
    public CellClassifier(Genotype genotype, InputShape input, NetworkOptions? options = null) : base(nameof(CellClassifier))
    {
        var o = options ?? NetworkOptions.Default;
        int channels = o.Channels ?? DefaultChannels, layers = o.Layers ?? DefaultLayers;
        network = o.Kind == NetworkKind.ImageNet
            ? new NetworkImageNet(genotype, channels, input.Classes, layers, o.Auxiliary, input.Channels)
            : new NetworkCifar(genotype, channels, input.Classes, layers, o.Auxiliary, input.Channels);
        RegisterComponents();
    }

    /// <summary>The evaluation network inside.</summary>
    public ICellNetwork Network => (ICellNetwork)network;

    /// <inheritdoc/>
    public bool HasAuxiliaryHead => Network.HasAuxiliaryHead;

    /// <inheritdoc/>
    public double DropPathProbability
    {
        get => Network.DropPathProbability;
        set => Network.DropPathProbability = value;
    }

    /// <summary>The parameter count without the auxiliary head, and the head's apart.</summary>
    public ParameterCount CountParameters() => Network.CountParameters();

    /// <inheritdoc/>
    public (Tensor Logits, Tensor? AuxiliaryLogits) ForwardWithAuxiliary(Tensor input) => network.call(input);

    /// <summary>Class logits [B, classes] of images [B, C, H, W]; the auxiliary head's output, if any, is dropped.</summary>
    /// <param name="input">Images [B, C, H, W].</param>
    public override Tensor forward(Tensor input)
    {
        var (logits, auxiliary) = network.call(input);
        auxiliary?.Dispose();
        return logits;
    }

    /// <inheritdoc/>
    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input) => ((IOnnxExportable)network).ExportOnnx(graph, input);
}
