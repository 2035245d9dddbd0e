using System.Text.Json;

namespace Nas.Strategies;

/// <summary>Uniform random search over a space; the same seed gives the same proposals, also across a resume.</summary>
public sealed class RandomSearch : IStatefulStrategy
{
    private readonly Spaces.SearchSpace _space;
    private readonly object _gate = new();
    private SeededRandom _random;
    private long _next;

    /// <param name="space">The space to draw from.</param>
    /// <param name="seed">Seeds the generator: the same seed gives the same proposals.</param>
    public RandomSearch(Spaces.SearchSpace space, int seed)
    {
        _space = space;
        _random = new SeededRandom(seed);
    }

    /// <summary>The catalog entry: no settings.</summary>
    public static Search.StrategyRegistration Registration { get; } = new("random", "uniform random search: every architecture equally likely", [],
        c => new RandomSearch(c.Space, c.Seed));

    /// <inheritdoc/>
    public string Name => Registration.Name;

    /// <summary>A uniformly drawn architecture, numbered in order from 0.</summary>
    public Proposal Ask()
    {
        lock (_gate) return new(_next++, ArchitectureSampler.Sample(_space, _random));
    }

    /// <summary>Random search learns nothing from results.</summary>
    /// <param name="proposal">Ignored.</param>
    /// <param name="outcome">Ignored.</param>
    public void Tell(Proposal proposal, TrialOutcome outcome) { }

    /// <summary>The generator's state and the next proposal number.</summary>
    public string ExportState()
    {
        lock (_gate) return JsonSerializer.Serialize(new State(_space.Name, _random.ExportState(), _next));
    }

    /// <summary>Continues from an exported state; throws <see cref="NasUserException"/> when it is malformed or of another space.</summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    public void ImportState(string json)
    {
        State? state;
        try { state = JsonSerializer.Deserialize<State>(json); }
        catch (JsonException e) { throw new NasUserException($"random search state is malformed: {e.Message}"); }
        if (state is null || state.Random is null) throw new NasUserException("random search state is malformed: empty");
        if (state.Space != _space.Name) throw new NasUserException($"random search state is for the '{state.Space}' space, not '{_space.Name}'");
        lock (_gate)
        {
            _random = SeededRandom.FromState(state.Random);
            _next = state.Next;
        }
    }

    private sealed record State(string Space, string Random, long Next);
}
