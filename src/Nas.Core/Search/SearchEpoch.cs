using Nas.Architectures;

namespace Nas.Search;

/// <summary>
/// One finished epoch of a search that trains one network (a supernet, a shared graph), or one finished step of a
/// staged search (<c>auto</c>): its figures and the architecture it would derive now. The same epoch is in the store's search log under <see cref="Kind"/>.
/// </summary>
/// <param name="Kind">The search-log kind (<c>darts</c>, <c>snas</c>, <c>enas</c>, ...).</param>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Epochs">Epochs in all.</param>
/// <param name="Figures">Its measurements, in the order to show them.</param>
/// <param name="Current">The architecture derived after it, or null.</param>
/// <param name="Label">What the step was, in words, for searches whose steps are not epochs (<c>rung 1, candidate 3 of 9</c>); null: an epoch.</param>
public sealed record SearchEpoch(string Kind, int Epoch, int Epochs, IReadOnlyList<SearchFigure> Figures, Architecture? Current, string? Label = null);
