using Nas.Torch.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>The <c>skip_connect</c> op at stride 1. Cells recognise it to spare it from drop-path.</summary>
internal sealed class Identity : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    public Identity() : base(nameof(Identity)) => RegisterComponents();

    /// <summary>The input itself (an alias, so disposing the result leaves the input alone).</summary>
    public override Tensor forward(Tensor x) => x.alias();

    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input) => input;
}
