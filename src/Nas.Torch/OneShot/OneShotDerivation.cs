using Nas.OneShot;
using Nas.Spaces.Cells;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// What one one-shot method makes of alpha at the end of an epoch: the genotype, SNAS's child, the op weights
/// the supernet is scored with on the validation split (tensors of the caller's dispose scope), and SNAS's
/// expected resource cost.
/// </summary>
internal sealed record OneShotDerivation(Genotype Genotype, SnasChild? Child, Tensor NormalWeights, Tensor ReduceWeights, double ExpectedCost);
