namespace Nas.Torch.OneShot;

/// <summary>Progress of a recurrent DARTS search: window within epoch, and the finished epoch when there is one.</summary>
public sealed record RecurrentDartsProgress(int Epoch, int Epochs, int Batch, int Batches, double TrainLoss, RecurrentDartsEpoch? Finished = null);
