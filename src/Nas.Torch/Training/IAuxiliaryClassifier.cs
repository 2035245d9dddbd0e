using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// A classifier with an optional auxiliary head (NASNet/DARTS): the <see cref="Trainer"/> adds the head's
/// cross-entropy, weighted by <see cref="TrainingOptions.AuxiliaryWeight"/>, to the loss while training.
/// </summary>
public interface IAuxiliaryClassifier
{
    /// <summary>True when the network was built with its auxiliary head.</summary>
    bool HasAuxiliaryHead { get; }

    /// <summary>The logits and, in training mode with a head, the auxiliary logits (else null).</summary>
    /// <param name="input">Images [B, C, H, W].</param>
    (Tensor Logits, Tensor? AuxiliaryLogits) ForwardWithAuxiliary(Tensor input);
}
