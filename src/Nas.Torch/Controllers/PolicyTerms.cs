using static TorchSharp.torch;

namespace Nas.Torch.Controllers;

/// <summary>
/// What the controller says about one architecture under its current parameters: the summed log-probability
/// of every choice, the summed entropy of every distribution it sampled from, and the KL penalty of the
/// skip density (zero when off). Scalar tensors, owned by the caller's dispose scope.
/// </summary>
internal readonly record struct PolicyTerms(Tensor LogProbability, Tensor Entropy, Tensor SkipPenalty);
