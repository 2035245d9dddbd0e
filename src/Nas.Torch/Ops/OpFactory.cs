using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Ops;

/// <summary>
/// Builds one candidate op: C channels in, C channels out; stride 2 halves the resolution (rounding up).
/// <paramref name="affine"/> is false inside a supernet (DARTS's MixedOp), true in a final network.
/// </summary>
public delegate nn.Module<Tensor, Tensor> OpFactory(int channels, int stride, bool affine);
