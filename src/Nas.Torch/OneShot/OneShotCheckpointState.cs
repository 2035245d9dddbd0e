namespace Nas.Torch.OneShot;

/// <summary>The plain state of a <see cref="OneShotRunner"/> checkpoint: the epochs so far (tensors and generators are files of their own).</summary>
internal sealed record OneShotCheckpointState(OneShotEpochJson[] Epochs);
