using Nas.Architectures;

namespace Nas.Strategies.Pareto;

/// <summary>An evaluated architecture in a <see cref="ParetoEvolution"/> population.</summary>
/// <param name="ProposalId">The proposal it came from (-1: an earlier search's result).</param>
/// <param name="Architecture">Its architecture.</param>
/// <param name="Accuracy">Its validation accuracy, higher is better.</param>
/// <param name="Cost">Its cost under the search's objective, lower is better.</param>
public sealed record ParetoMember(long ProposalId, Architecture Architecture, double Accuracy, double Cost)
{
    /// <summary>Its place in the accuracy-against-cost plane.</summary>
    public ParetoPoint Point => new(Accuracy, Cost);
}
