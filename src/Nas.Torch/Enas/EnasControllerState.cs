namespace Nas.Torch.Enas;

/// <summary>The plain part of an <see cref="EnasController"/>'s state in a checkpoint: the baseline and the sampling generator's state.</summary>
/// <param name="Baseline">The reward baseline; null before the first update.</param>
/// <param name="Random">The sampling generator's state, as <see cref="Strategies.SeededRandom.ExportState"/> writes it.</param>
internal sealed record EnasControllerState(double? Baseline, string Random);
