using Nas.Torch.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>The <c>none</c> op: zeros shaped like the input, subsampled as <c>x[:, :, ::s, ::s]</c> for stride s.</summary>
internal sealed class Zero : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    // Held for the process: a temporary Scalar may be freed by the GC while libtorch reads it.
    private static readonly Scalar ZeroScalar = 0.0.ToScalar();
    private readonly int _stride;

    public Zero(int stride) : base(nameof(Zero))
    {
        if (stride < 1) throw new ArgumentOutOfRangeException(nameof(stride), "stride must be positive");
        _stride = stride;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (_stride == 1) return x.mul(ZeroScalar);
        var every = TensorIndex.Slice(null, null, _stride);
        using var sub = x.index(TensorIndex.Colon, TensorIndex.Colon, every, every);
        return sub.mul(ZeroScalar);
    }

    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input) => graph.Scale(_stride == 1 ? input : graph.Crop(input, 0, 0, _stride), 0f);
}
