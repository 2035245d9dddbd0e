namespace Nas.Torch.Enas;

/// <summary>The plain state of an <see cref="EnasRecurrentRunner"/> checkpoint: the epochs so far, the controller's baseline and generator, and the next reward window.</summary>
internal sealed record EnasRecurrentCheckpointState(EnasRecurrentEpochJson[] Epochs, EnasControllerState Controller, int RewardWindow);
