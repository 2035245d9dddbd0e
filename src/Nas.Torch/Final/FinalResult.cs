using Nas.Search;

namespace Nas.Torch.Final;

/// <summary>What a final training measured (on the test set, once, at the end) and the files it wrote.</summary>
/// <param name="Figures">The test figures first (accuracy and loss, or perplexity), then the sizes.</param>
/// <param name="Seconds">Training time (a resumed run's earlier epochs included).</param>
/// <param name="Written">The files written (the model first).</param>
public sealed record FinalResult(IReadOnlyList<SearchFigure> Figures, double Seconds, IReadOnlyList<string> Written);
