namespace Nas.Strategies.Pareto;

/// <summary>
/// The cost a Pareto search minimises beside validation accuracy (which it maximises). The CLI names are in
/// <see cref="ParetoObjectives"/>.
/// </summary>
public enum ParetoObjective
{
    /// <summary>Trainable parameters (<c>params</c>).</summary>
    Parameters,

    /// <summary>Multiply-adds per example (<c>madds</c>).</summary>
    MultiplyAdds,

    /// <summary>Predicted inference latency in milliseconds (<c>latency</c>).</summary>
    Latency,
}
