using Nas.Torch.Data;

namespace Nas.Torch.OneShot;

/// <summary>
/// The batches of one one-shot step: the weights' batch and, for DARTS, alpha's batch from the other half of
/// the training set. Owned by the step: disposing it disposes both.
/// </summary>
internal sealed class OneShotBatch(Batch weights, Batch? alpha) : IDisposable
{
    /// <summary>The batch the weights learn on.</summary>
    public Batch Weights { get; } = weights;

    /// <summary>DARTS: the batch alpha learns on; null for SNAS, whose alpha learns on <see cref="Weights"/>.</summary>
    public Batch? Alpha { get; } = alpha;

    public void Dispose()
    {
        Weights.Dispose();
        Alpha?.Dispose();
    }
}
