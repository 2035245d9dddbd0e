namespace Nas.Torch.OneShot;

/// <summary>The plain state of a <see cref="RecurrentDartsRunner"/> checkpoint: the epochs so far (tensors and the generator are files of their own).</summary>
internal sealed record RecurrentDartsCheckpointState(RecurrentDartsEpochJson[] Epochs);
