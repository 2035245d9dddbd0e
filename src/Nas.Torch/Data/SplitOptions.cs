namespace Nas.Torch.Data;

/// <summary>
/// How <see cref="DataSplit"/> carves the training set. <paramref name="Subset"/> first keeps that many
/// randomly chosen examples (all when null); then <paramref name="ValidationCount"/> of them, or when it is
/// null <paramref name="ValidationFraction"/> of them (rounded), become the validation set.
/// </summary>
/// <param name="Seed">Seeds the permutation.</param>
/// <param name="Subset">Examples kept, or null for all.</param>
/// <param name="ValidationCount">Validation examples among them, or null to use the fraction.</param>
/// <param name="ValidationFraction">The validation share when no count is given, in [0, 1).</param>
public sealed record SplitOptions(int Seed = 0, int? Subset = null, int? ValidationCount = null, double ValidationFraction = 0.1);
