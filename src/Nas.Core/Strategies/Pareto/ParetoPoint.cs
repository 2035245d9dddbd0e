namespace Nas.Strategies.Pareto;

/// <summary>A result in the accuracy-against-cost plane: accuracy to maximise, cost to minimise, both finite.</summary>
/// <param name="Accuracy">Validation accuracy, higher is better.</param>
/// <param name="Cost">The cost (parameters, multiply-adds or milliseconds, on their raw scale), lower is better.</param>
public readonly record struct ParetoPoint(double Accuracy, double Cost)
{
    /// <summary>
    /// Whether this point dominates <paramref name="other"/>: at least as accurate and at most as costly, and
    /// strictly better in one of the two. Equal points do not dominate each other.
    /// </summary>
    /// <param name="other">The point to compare with.</param>
    public bool Dominates(ParetoPoint other) =>
        Accuracy >= other.Accuracy && Cost <= other.Cost && (Accuracy > other.Accuracy || Cost < other.Cost);
}
