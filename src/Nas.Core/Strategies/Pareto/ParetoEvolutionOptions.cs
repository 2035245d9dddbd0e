namespace Nas.Strategies.Pareto;

/// <summary>Settings of <see cref="ParetoEvolution"/>.</summary>
/// <param name="Objective">The cost minimised beside accuracy.</param>
/// <param name="PopulationSize">P: how many evaluated architectures the population holds; also how many random ones start it.</param>
public sealed record ParetoEvolutionOptions(ParetoObjective Objective = ParetoObjective.Parameters, int PopulationSize = 100)
{
    /// <summary>Checks the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public ParetoEvolutionOptions Validated()
    {
        if (!Enum.IsDefined(Objective)) throw new ArgumentOutOfRangeException(nameof(Objective), Objective, "not an objective");
        // Two at least: a binary tournament needs two members to compare, and crowding needs two ends.
        if (PopulationSize < 2) throw new ArgumentOutOfRangeException(nameof(PopulationSize), PopulationSize, "must be at least 2");
        return this;
    }
}
