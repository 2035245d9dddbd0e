namespace Nas.Search;

/// <summary>Progress within an epoch of a search that trains one network: the batch reached and running figures.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">The epochs in all.</param>
/// <param name="Batch">The batch reached, from 1.</param>
/// <param name="Batches">The batches of the epoch.</param>
/// <param name="Figures">Running figures of the epoch (loss, accuracy).</param>
public sealed record SearchProgress(int Epoch, int Epochs, int Batch, int Batches, IReadOnlyList<SearchFigure> Figures);
