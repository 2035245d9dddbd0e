namespace Nas.Torch.OneShot;

/// <summary>Progress of a recurrent DARTS search: window within epoch, and the finished epoch when there is one.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The epochs in all.</param>
/// <param name="Batch">The window reached, from 1.</param>
/// <param name="Batches">The windows of the epoch.</param>
/// <param name="TrainLoss">Mean training cross-entropy of the epoch so far, nats per token.</param>
/// <param name="Finished">The epoch's record when this report ends it, else null.</param>
public sealed record RecurrentDartsProgress(int Epoch, int Epochs, int Batch, int Batches, double TrainLoss, RecurrentDartsEpoch? Finished = null);
