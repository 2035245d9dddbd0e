namespace Nas.Torch.OneShot;

/// <summary>Progress of a differentiable search: batch within epoch, and the finished epoch when there is one.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The epochs in all.</param>
/// <param name="Batch">The batch reached, from 1.</param>
/// <param name="Batches">The batches of the epoch.</param>
/// <param name="TrainLoss">Mean training loss of the epoch so far.</param>
/// <param name="TrainAccuracy">Training accuracy of the epoch so far, in [0, 1].</param>
/// <param name="Finished">The epoch's record when this report ends it, else null.</param>
public sealed record OneShotProgress(int Epoch, int Epochs, int Batch, int Batches, double TrainLoss, double TrainAccuracy, OneShotEpoch? Finished = null);
