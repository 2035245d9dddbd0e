namespace Nas.Strategies.Predictors;

/// <summary>
/// A learned model of a trial's score from an architecture's features (<see cref="ArchitectureEncoding.Features(Nas.Architectures.Architecture)"/>):
/// what predictor-guided search and surrogate screening use. <see cref="Fit"/> replaces any earlier fit. It holds
/// plain numbers between calls, never tensors.
/// </summary>
public interface IAccuracyPredictor
{
    /// <summary>Fits the model to scored architectures.</summary>
    /// <param name="features">One feature row per architecture, all of the same length.</param>
    /// <param name="scores">The score of each row.</param>
    /// <param name="seed">Seeds the fit (initial weights, order); the same data and seed give the same model.</param>
    void Fit(IReadOnlyList<double[]> features, IReadOnlyList<double> scores, int seed);

    /// <summary>The predicted score of each row, and how unsure the model is of it.</summary>
    /// <param name="features">Rows like those fitted.</param>
    IReadOnlyList<ScorePrediction> Predict(IReadOnlyList<double[]> features);
}

/// <summary>A predicted score and its spread (an ensemble's standard deviation; 0 when the model cannot say).</summary>
/// <param name="Mean">The predicted score.</param>
/// <param name="Spread">The uncertainty of it, as a standard deviation.</param>
public readonly record struct ScorePrediction(double Mean, double Spread);
