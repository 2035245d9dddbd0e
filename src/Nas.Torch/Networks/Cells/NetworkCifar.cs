using Nas.Torch.Export;
using Nas.Spaces.Cells;
using Nas.Torch.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Cells;

/// <summary>
/// The DARTS evaluation network for small images (CIFAR, and 28×28 grey images): a 3×3 convolution
/// stem to 3C channels with BN, <c>layers</c> cells (reduction cells at layers/3 and 2·layers/3, C
/// doubling at each), global average pooling and a linear classifier. With <c>auxiliary</c>, an
/// <see cref="AuxiliaryHeadCifar"/> reads the output of cell 2·layers/3 (the second reduction cell).
/// The forward pass returns the logits and the auxiliary logits; the latter are null when the head is
/// off or the network is in eval mode. The paper's setting is C=36, 20 layers.
/// </summary>
public sealed class NetworkCifar : nn.Module<Tensor, (Tensor Logits, Tensor? AuxiliaryLogits)>, ICellNetwork, IOnnxExportable
{
    private readonly Sequential _stem;
    private readonly ModuleList<Cell> _cells;
    private readonly AuxiliaryHeadCifar? _auxiliaryHead;
    private readonly Linear _classifier;
    private readonly CellStack _stack;
    private double _dropPath;

    /// <param name="genotype">The cells; validated here.</param>
    /// <param name="channels">C, the channels of the first cells' nodes.</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="layers">Number of cells.</param>
    /// <param name="auxiliary">Whether to build the auxiliary head.</param>
    /// <param name="inputChannels">Image channels: 3 for colour, 1 for grey.</param>
    /// <param name="ops">The op registry; null means <see cref="OpRegistry.Default"/>.</param>
    public NetworkCifar(Genotype genotype, int channels = 36, int classes = 10, int layers = 20, bool auxiliary = false,
        int inputChannels = 3, OpRegistry? ops = null) : base(nameof(NetworkCifar))
    {
        CellStack.Check(channels, classes, layers, inputChannels);
        genotype.Validate();
        Layers = layers;
        int stem = 3 * channels;
        _stem = nn.Sequential(
            ("conv", nn.Conv2d(inputChannels, stem, 3, padding: 1, bias: false)),
            ("bn", global::Nas.Torch.Ops.Norms.BatchNorm2d(stem)));
        _stack = new CellStack(genotype, stem, channels, layers, reductionPrev: false, ops);
        _cells = _stack.Cells;
        _auxiliaryHead = auxiliary ? new AuxiliaryHeadCifar(_stack.AuxiliaryChannels, classes) : null;
        _classifier = nn.Linear(_stack.OutputChannels, classes);
        RegisterComponents();
    }

    /// <summary>Number of cells.</summary>
    public int Layers { get; }

    /// <summary>Indices of the reduction cells (layers/3 and 2·layers/3).</summary>
    public IReadOnlyList<int> ReductionCells => Enumerable.Range(0, Layers).Where(i => CellStack.IsReduction(i, Layers)).ToArray();

    /// <summary>The cell whose output the auxiliary head reads (2·layers/3, the second reduction cell).</summary>
    public int AuxiliaryAfterCell => CellStack.AuxiliaryAfter(Layers);

    /// <summary>True when the network has an auxiliary head.</summary>
    public bool HasAuxiliaryHead => _auxiliaryHead is not null;

    /// <summary>The cells, in order.</summary>
    public IReadOnlyList<Cell> Cells => _cells.ToArray();

    /// <summary>Drop-path probability of every cell while training (DARTS ramps it linearly over the epochs).</summary>
    public double DropPathProbability
    {
        get => _dropPath;
        set
        {
            if (value is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(value), "drop-path probability must be in [0, 1)");
            _dropPath = value;
            foreach (var cell in _cells) cell.DropPathProbability = value;
        }
    }

    /// <summary>The parameter count without the auxiliary head (as DARTS reports it), and the head's apart.</summary>
    public ParameterCount CountParameters() => ParameterCount.Of(this, _auxiliaryHead);

    /// <summary>Class logits [B, classes] of images [B, C, H, W], and the auxiliary head's in training mode when the network has one (null otherwise).</summary>
    /// <param name="input">Images [B, C, H, W].</param>
    public override (Tensor Logits, Tensor? AuxiliaryLogits) forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var stem = _stem.call(input);
        var (last, atAux) = _stack.Forward(stem, stem);
        var auxiliary = _auxiliaryHead is not null && training ? _auxiliaryHead.call(atAux) : null;
        var pooled = nn.functional.adaptive_avg_pool2d(last, 1).flatten(1);
        var logits = _classifier.call(pooled);
        return (logits.MoveToOuterDisposeScope(), auxiliary?.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var stem = graph.Module(_stem, input);
        return graph.Linear(_classifier, graph.GlobalAveragePoolFlat(_stack.ExportOnnx(graph, stem, stem)));
    }
}
