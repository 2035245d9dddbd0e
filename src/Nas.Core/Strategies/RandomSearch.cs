namespace Nas.Strategies;

/// <summary>Uniform random search over a space; the same seed gives the same proposals.</summary>
public sealed class RandomSearch : IStrategy
{
    private readonly Spaces.SearchSpace _space;
    private readonly Random _random;
    private long _next;

    public RandomSearch(Spaces.SearchSpace space, int seed)
    {
        _space = space;
        _random = new Random(seed);
    }

    public string Name => "random";

    public Proposal? Ask() => new(_next++, ArchitectureSampler.Sample(_space, _random));

    /// <summary>Random search learns nothing from results.</summary>
    public void Tell(Proposal proposal, TrialOutcome outcome) { }
}
