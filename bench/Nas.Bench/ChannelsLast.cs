using static TorchSharp.torch;

/// <summary>
/// The channels-last (NHWC) memory layout for a 4-d tensor, keeping its NCHW shape: a permute, a copy and the
/// inverse permute (TorchSharp has no memory-format argument). Only the layout benchmarks use it: oneDNN's
/// strided 1x1 convolution corrupts the heap in this layout (see <c>layoutcheck</c>), so networks stay NCHW.
/// </summary>
static class ChannelsLast
{
    public static Tensor Of(Tensor x) => x.shape.Length == 4 && x.shape[1] > 1
        ? x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2)
        : x.alias();
}
