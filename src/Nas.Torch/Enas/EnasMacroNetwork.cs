using Nas.Torch.Export;
using Nas.Architectures;
using Nas.Spaces.Macro;
using Nas.Torch.Networks;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// An <c>enas-macro</c> architecture as a stand-alone classifier, for <c>nas train</c>: the shared graph's
/// code built with only the child's weights (<see cref="EnasMacroSharedNetwork"/> with a fixed child).
/// </summary>
public sealed class EnasMacroNetwork : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    /// <summary>C when retraining: ENAS's search width is 36; 32 is this library's choice for small images.</summary>
    public const int DefaultChannels = 32;

    private readonly EnasMacroSharedNetwork graph;
    private readonly Architecture _child;

    /// <param name="child">An enas-macro architecture.</param>
    /// <param name="input">The images' shape and the number of classes.</param>
    /// <param name="channels">C, the channels of every layer.</param>
    public EnasMacroNetwork(Architecture child, InputShape input, int channels = DefaultChannels) : base(nameof(EnasMacroNetwork))
    {
        _child = child;
        graph = new EnasMacroSharedNetwork(child.Space, input, channels, EnasMacroSpace.Decode(child));
        RegisterComponents();
    }

    /// <summary>Class logits [B, classes] of images [B, C, H, W].</summary>
    /// <param name="input">Images [B, C, H, W].</param>
    public override Tensor forward(Tensor input) => graph.call(input, _child);

    /// <inheritdoc/>
    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input) => this.graph.ExportOnnx(graph, input, EnasMacroSpace.Decode(_child));
}
