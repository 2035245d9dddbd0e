namespace Nas.Strategies.Bananas;

/// <summary>Settings of <see cref="PredictorGuidedSearch"/>.</summary>
/// <param name="Startup">Random trials before the predictor is first fitted.</param>
/// <param name="Candidates">Children made per fit by mutating the best trials, for the predictor to rank.</param>
/// <param name="Parents">How many of the best trials are mutated into candidates.</param>
/// <param name="BatchSize">Proposals taken from each fit, best acquisition first (BANANAS: 10).</param>
/// <param name="Thompson">Rank candidates by one draw from each one's predicted distribution (independent Thompson sampling, BANANAS's choice); off: by the upper confidence bound, mean plus spread.</param>
public sealed record PredictorGuidedOptions(int Startup = 10, int Candidates = 100, int Parents = 10, int BatchSize = 5, bool Thompson = true)
{
    /// <summary>Checks the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the bad one.</summary>
    public PredictorGuidedOptions Validated()
    {
        if (Startup < 2) throw new ArgumentOutOfRangeException(nameof(Startup), Startup, "must be at least 2 (a predictor needs data)");
        if (Candidates < 1) throw new ArgumentOutOfRangeException(nameof(Candidates), Candidates, "must be positive");
        if (Parents < 1) throw new ArgumentOutOfRangeException(nameof(Parents), Parents, "must be positive");
        if (BatchSize < 1 || BatchSize > Candidates) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"must be between 1 and the candidates ({Candidates})");
        return this;
    }
}
