namespace Nas.Torch.Data;

/// <summary>
/// How <see cref="DataSplit"/> carves the training set. <paramref name="Subset"/> first keeps that many
/// randomly chosen examples (all when null); then <paramref name="ValidationCount"/> of them, or when it is
/// null <paramref name="ValidationFraction"/> of them (rounded), become the validation set.
/// </summary>
public sealed record SplitOptions(int Seed = 0, int? Subset = null, int? ValidationCount = null, double ValidationFraction = 0.1);
