using Nas.Torch.Export;
using Nas.Spaces.Cells;
using Nas.Torch.Ops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Cells;

/// <summary>
/// The DARTS evaluation network for ImageNet (mobile setting: C=48, 14 layers, 224×224 images).
/// Two stems reduce the resolution by 8: stem0 is conv 3×3 stride 2 to C/2, BN, ReLU, conv 3×3
/// stride 2 to C, BN; stem1 is ReLU, conv 3×3 stride 2, BN. The first cell treats the stems as a
/// reduction before it. Then <c>layers</c> cells as in <see cref="NetworkCifar"/>, an optional
/// <see cref="AuxiliaryHeadImageNet"/> after cell 2·layers/3, global average pooling (adaptive here,
/// where the reference pools 7×7, the same at 224×224) and a linear classifier.
/// </summary>
public sealed class NetworkImageNet : nn.Module<Tensor, (Tensor Logits, Tensor? AuxiliaryLogits)>, ICellNetwork, IOnnxExportable
{
    private readonly Sequential _stem0;
    private readonly Sequential _stem1;
    private readonly ModuleList<Cell> _cells;
    private readonly AuxiliaryHeadImageNet? _auxiliaryHead;
    private readonly Linear _classifier;
    private readonly CellStack _stack;
    private double _dropPath;

    /// <param name="genotype">The cells; validated here.</param>
    /// <param name="channels">C, the channels of the first cells' nodes (at least 2).</param>
    /// <param name="classes">Number of classes.</param>
    /// <param name="layers">Number of cells.</param>
    /// <param name="auxiliary">Whether to build the auxiliary head.</param>
    /// <param name="inputChannels">Image channels.</param>
    /// <param name="ops">The op registry; null means <see cref="OpRegistry.Default"/>.</param>
    public NetworkImageNet(Genotype genotype, int channels = 48, int classes = 1000, int layers = 14, bool auxiliary = false,
        int inputChannels = 3, OpRegistry? ops = null) : base(nameof(NetworkImageNet))
    {
        CellStack.Check(channels, classes, layers, inputChannels);
        if (channels < 2) throw new NasUserException($"cell network: the ImageNet stem needs at least 2 channels, got {channels}");
        genotype.Validate();
        Layers = layers;
        _stem0 = nn.Sequential(
            ("conv1", nn.Conv2d(inputChannels, channels / 2, 3, stride: 2, padding: 1, bias: false)),
            ("bn1", global::Nas.Torch.Ops.Norms.BatchNorm2d(channels / 2)),
            ("relu", nn.ReLU()),
            ("conv2", nn.Conv2d(channels / 2, channels, 3, stride: 2, padding: 1, bias: false)),
            ("bn2", global::Nas.Torch.Ops.Norms.BatchNorm2d(channels)));
        _stem1 = nn.Sequential(
            ("relu", nn.ReLU()),
            ("conv", nn.Conv2d(channels, channels, 3, stride: 2, padding: 1, bias: false)),
            ("bn", global::Nas.Torch.Ops.Norms.BatchNorm2d(channels)));
        _stack = new CellStack(genotype, channels, channels, layers, reductionPrev: true, ops);
        _cells = _stack.Cells;
        _auxiliaryHead = auxiliary ? new AuxiliaryHeadImageNet(_stack.AuxiliaryChannels, classes) : null;
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

    /// <summary>Drop-path probability of every cell while training.</summary>
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
        var s0 = _stem0.call(input);
        var s1 = _stem1.call(s0);
        var (last, atAux) = _stack.Forward(s0, s1);
        var auxiliary = _auxiliaryHead is not null && training ? _auxiliaryHead.call(atAux) : null;
        var pooled = nn.functional.adaptive_avg_pool2d(last, 1).flatten(1);
        var logits = _classifier.call(pooled);
        return (logits.MoveToOuterDisposeScope(), auxiliary?.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var s0 = graph.Module(_stem0, input);
        var s1 = graph.Module(_stem1, s0);
        return graph.Linear(_classifier, graph.GlobalAveragePoolFlat(_stack.ExportOnnx(graph, s0, s1)));
    }
}
