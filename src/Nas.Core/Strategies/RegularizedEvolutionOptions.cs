namespace Nas.Strategies;

/// <summary>
/// Settings of <see cref="RegularizedEvolution"/>. The defaults are those of Real et al. (2019),
/// "Regularized Evolution for Image Classifier Architecture Search": P = 100, S = 25.
/// </summary>
/// <param name="PopulationSize">P: how many evaluated architectures the population holds; also how many random ones start it.</param>
/// <param name="SampleSize">S: how many members (drawn with replacement) compete in each tournament.</param>
public sealed record RegularizedEvolutionOptions(int PopulationSize = 100, int SampleSize = 25)
{
    /// <summary>Checks the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public RegularizedEvolutionOptions Validated()
    {
        if (PopulationSize < 1) throw new ArgumentOutOfRangeException(nameof(PopulationSize), PopulationSize, "must be positive");
        if (SampleSize < 1) throw new ArgumentOutOfRangeException(nameof(SampleSize), SampleSize, "must be positive");
        return this;
    }
}
