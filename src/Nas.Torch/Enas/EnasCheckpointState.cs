namespace Nas.Torch.Enas;

/// <summary>
/// The plain state of an <see cref="EnasTrainer"/> checkpoint: the epochs so far, the controller's baseline and
/// random state, and where the reshuffled cycle through the validation split stands (the order of cycle
/// <c>ValidationEpoch − 1</c> is being served, from position <c>ValidationNext</c>).
/// </summary>
internal sealed record EnasCheckpointState(EnasEpochJson[] Epochs, EnasControllerState Controller, int ValidationEpoch, int ValidationNext);
