using Nas.Search;
using Nas.Spaces;
using Nas.Strategies;

namespace Nas.Tests.Search.Toys;

/// <summary>
/// A strategy written outside the library, to count what adding one takes: this file and one registration line. It
/// proposes one fixed architecture <c>stubborn</c> times, then random ones; its setting reaches
/// the CLI as --toy-stubborn.
/// </summary>
public sealed class ToyStrategy(SearchSpace space, int seed, int stubborn) : IStrategy
{
    private readonly Random _random = new(seed);
    private long _next;

    public static StrategyRegistration Registration { get; } = new("toy", "proposes one fixed architecture a few times, then random ones",
        [Setting.Integer("stubborn", 2, "how many times to propose the fixed architecture", minimum: 0)],
        c => new ToyStrategy(c.Space, c.Seed, c.Settings.Integer("stubborn")));

    public string Name => "toy";

    public List<TrialOutcome> Told { get; } = [];

    public Proposal Ask() => new(_next, _next++ < stubborn ? ArchitectureSampler.Sample(space, new Random(0)) : ArchitectureSampler.Sample(space, _random));

    public void Tell(Proposal proposal, TrialOutcome outcome) => Told.Add(outcome);
}
