namespace Nas.Torch.OneShot;

/// <summary>Progress of a differentiable search: batch within epoch, and the finished epoch when there is one.</summary>
public sealed record OneShotProgress(int Epoch, int Epochs, int Batch, int Batches, double TrainLoss, double TrainAccuracy, OneShotEpoch? Finished = null);
