using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Cells;

/// <summary>
/// The auxiliary heads' pooling: the reference's 5×5 average pooling (padding not counted) when it
/// gives a 2×2 map, else adaptive average pooling to 2×2, so the heads' 2×2 convolution always sees 2×2.
/// </summary>
internal static class AuxiliaryPooling
{
    public static Tensor To2x2(Tensor x, int stride)
    {
        long h = x.shape[2], w = x.shape[3];
        bool fits = h >= 5 && w >= 5 && (h - 5) / stride + 1 == 2 && (w - 5) / stride + 1 == 2;
        return fits
            ? nn.functional.avg_pool2d(x, 5, stride: stride, count_include_pad: false)
            : nn.functional.adaptive_avg_pool2d(x, 2);
    }
}
