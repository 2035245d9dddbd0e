namespace Nas.Search;

/// <summary>Progress within an epoch of a search that trains one network: the batch reached and running figures.</summary>
public sealed record SearchProgress(int Epoch, int Epochs, int Batch, int Batches, IReadOnlyList<SearchFigure> Figures);
