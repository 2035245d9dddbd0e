namespace Nas.Strategies.Bananas;

/// <summary>
/// One fit of a predictor during a search, and how well the previous fit ranked the trials it chose, which were
/// scored after it predicted them (held out from its training).
/// </summary>
/// <param name="Fit">The fit's number, from 1.</param>
/// <param name="Trials">Completed trials it was fitted on.</param>
/// <param name="HeldOut">Trials predicted by the previous fit and scored since (0 at the first fit).</param>
/// <param name="Kendall">Kendall's tau between those predictions and scores (NaN with fewer than 3).</param>
/// <param name="Spearman">Spearman's rho between them (NaN with fewer than 3).</param>
/// <param name="KendallAll">Kendall's tau over every held-out prediction of the search so far.</param>
public sealed record PredictorStep(int Fit, int Trials, int HeldOut, double Kendall, double Spearman, double KendallAll);
