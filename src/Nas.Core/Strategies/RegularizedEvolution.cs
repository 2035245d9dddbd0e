using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;

namespace Nas.Strategies;

/// <summary>
/// Regularized (aging) evolution, after Real et al. (2019). Until the population holds
/// <see cref="RegularizedEvolutionOptions.PopulationSize"/> evaluated members, every proposal is random.
/// After that each proposal is a child of a tournament winner (the best of
/// <see cref="RegularizedEvolutionOptions.SampleSize"/> members drawn at random) with exactly one decision
/// mutated (see <see cref="ArchitectureMutator"/>). Each result that arrives joins the population as its
/// youngest member, and while the population is over its size the oldest member leaves, whatever its score.
/// </summary>
/// <remarks>
/// Asynchronous: any number of proposals may be out at once and results may arrive in any order; the
/// population only changes when results arrive, so while it is still filling, further asks are random.
/// Failed trials (and any outcome other than <see cref="TrialStatus.Completed"/>, such as pruned ones)
/// are told but never enter the population: a broken architecture should not become a parent, and a
/// "worst score" member would only take a slot from a real one.
/// Deterministic for a seed, given the same order of asks and tells.
/// </remarks>
public sealed class RegularizedEvolution : IStatefulStrategy, IWarmStartable
{
    private readonly SearchSpace _space;
    private readonly LinkedList<PopulationMember> _population = new();
    private readonly HashSet<long> _pending = new();
    private readonly object _gate = new();
    private SeededRandom _random;
    private long _nextId;

    /// <summary>
    /// The catalog entry. P and S default to sizes scaled to the trial budget (<see cref="ScaledOptions"/>): Real et
    /// al.'s 100 and 25 are for thousands of trials, and with a population of 100 the first 100 trials are random search.
    /// </summary>
    public static Search.StrategyRegistration Registration { get; } = new("evolution",
        "regularized evolution (Real et al.): tournaments pick a parent, its mutated child replaces the oldest member",
        [
            Search.Setting.Integer("population", null, "P, the population size (also the number of random trials that start it); default: a tenth of --trials, 10 to 100 (100 without a trial budget)", minimum: 2),
            Search.Setting.Integer("tournament", null, "S, members drawn for each tournament; default: a third of the population, at least 2", minimum: 1),
        ],
        c =>
        {
            bool scaled = !c.Settings.Given("population");
            int p = scaled ? ScaledOptions(c.Budget.MaxTrials ?? 1000).PopulationSize : c.Settings.Integer("population");
            int s = c.Settings.Given("tournament") ? c.Settings.Integer("tournament") : TournamentFor(p);
            if (s > p) throw new Search.SettingException(c.Settings.PathOf("tournament"), $"must not exceed the population ({p}), got {s}");
            if (!scaled && c.Budget.MaxTrials is { } n && n <= p)
                c.Warnings.Add(new Search.SearchWarning(c.Settings.PathOf("population"),
                    $"is {p}, not below the {n} trials: every trial is a random member of the starting population and nothing evolves (try a population of {Math.Max(2, n / 10)} and a tournament of {TournamentFor(Math.Max(2, n / 10))})"));
            // The sizes in effect go into the recorded configuration.
            c.Settings.Values["population"] = p;
            c.Settings.Values["tournament"] = s;
            return new RegularizedEvolution(c.Space, c.Seed, new RegularizedEvolutionOptions(p, s)) { SizedByBudget = scaled };
        });

    /// <summary>
    /// Population and tournament sized to a trial budget: a tenth of the trials (10 to 100) and a third of that
    /// (NASLib's 30 and 10 at a few hundred queries), so evolution starts evolving early in small budgets. Measured on
    /// the synthetic objectives at 300 evaluations, 10 seeds (docs/benchmarks.md): regret 0.21 to 0.43 of random
    /// search's, against 0.35 to 0.57 with Real et al.'s 100 and 25; a quarter of the population did a little worse.
    /// </summary>
    /// <param name="trials">How many trials the search will run.</param>
    public static RegularizedEvolutionOptions ScaledOptions(int trials)
    {
        int population = Math.Clamp(trials / 10, 10, 100);
        return new RegularizedEvolutionOptions(population, TournamentFor(population));
    }

    private static int TournamentFor(int population) => Math.Max(2, population / 3);

    /// <summary>
    /// Whether the sizes came from the budget rather than the user: a resumed search then takes the sizes its saved
    /// state has, even when the new budget would scale them otherwise.
    /// </summary>
    public bool SizedByBudget { get; init; }

    /// <param name="space">The space to search.</param>
    /// <param name="seed">Seeds the random draws (starting population, tournaments, mutations).</param>
    /// <param name="options">Population and tournament size (default 100 and 25, the paper's).</param>
    public RegularizedEvolution(SearchSpace space, int seed, RegularizedEvolutionOptions? options = null)
    {
        _space = space;
        Options = (options ?? new RegularizedEvolutionOptions()).Validated();
        _random = new SeededRandom(seed);
    }

    /// <inheritdoc/>
    public string Name => Registration.Name;

    /// <summary>The settings in effect.</summary>
    public RegularizedEvolutionOptions Options { get; private set; }

    /// <summary>The current population, oldest first.</summary>
    public IReadOnlyList<PopulationMember> Population { get { lock (_gate) return _population.ToArray(); } }

    /// <summary>How many proposals have been asked but not yet told.</summary>
    public int Outstanding { get { lock (_gate) return _pending.Count; } }

    /// <summary>Completed results told so far.</summary>
    public long Completed { get; private set; }

    /// <summary>Failed (or otherwise unscored) results told so far.</summary>
    public long Failed { get; private set; }

    /// <inheritdoc/>
    public Proposal Ask()
    {
        lock (_gate)
        {
            var architecture = _population.Count < Options.PopulationSize
                ? ArchitectureSampler.Sample(_space, _random)
                : ArchitectureMutator.Mutate(Tournament().Architecture, _random);
            long id = _nextId++;
            _pending.Add(id);
            return new Proposal(id, architecture);
        }
    }

    /// <inheritdoc/>
    public void Tell(Proposal proposal, TrialOutcome outcome)
    {
        lock (_gate)
        {
            if (!_pending.Remove(proposal.Id))
                throw new ArgumentException($"proposal {proposal.Id} was not asked of this strategy, or was told already", nameof(proposal));
            if (outcome.Objective is not { } score || double.IsNaN(score))
            {
                Failed++;
                return;
            }
            Completed++;
            _population.AddLast(new PopulationMember(proposal.Id, proposal.Architecture, score));
            // Aging: the oldest leaves, not the worst, which is what regularizes the search.
            while (_population.Count > Options.PopulationSize) _population.RemoveFirst();
        }
    }

    /// <summary>
    /// Seeds the population with the best <see cref="RegularizedEvolutionOptions.PopulationSize"/> earlier results, the
    /// worst oldest (so it leaves first); a full population evolves from the first ask.
    /// </summary>
    /// <param name="results">Earlier results of this space.</param>
    public void WarmStart(IReadOnlyList<PriorResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        lock (_gate)
        {
            var members = _population.Select(m => new PriorResult(m.Architecture, m.Score)).Concat(results.Where(r => double.IsFinite(r.Score)))
                .Select((r, i) => (r, i)).OrderByDescending(x => x.r.Score).ThenBy(x => x.i).Take(Options.PopulationSize).Reverse().ToArray();
            _population.Clear();
            foreach (var (r, _) in members) _population.AddLast(new PopulationMember(-1, r.Architecture, r.Score));
        }
    }

    // Draws with replacement, as the paper's algorithm does; on a tie the first drawn wins.
    private PopulationMember Tournament()
    {
        var members = _population.ToArray();
        PopulationMember? best = null;
        for (int i = 0; i < Options.SampleSize; i++)
        {
            var candidate = members[_random.Next(members.Length)];
            if (best is null || candidate.Score > best.Score) best = candidate;
        }
        return best!;
    }

    /// <summary>
    /// The whole state as plain JSON: settings, population (oldest first, each with its proposal id,
    /// score, key and values), the random state, the id counter and the proposals still out.
    /// </summary>
    public string ExportState()
    {
        lock (_gate) return JsonSerializer.Serialize(State(), RegularizedEvolutionState.Json);
    }

    private RegularizedEvolutionState State() => new(RegularizedEvolutionState.CurrentFormat, _space.Name,
        Options.PopulationSize, Options.SampleSize, _random.ExportState(), _nextId, Completed, Failed,
        _pending.Order().ToArray(),
        _population.Select(m => new RegularizedEvolutionState.Member(m.ProposalId, m.Score, m.Architecture.Key, ArchitectureValues.Of(m.Architecture))).ToArray());

    /// <summary>
    /// Restores a state written by <see cref="ExportState"/> into this strategy, which must have been built
    /// for the same space with the same options; the search then continues exactly as it would have.
    /// </summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    public void ImportState(string json)
    {
        var state = StrategyState.Read<RegularizedEvolutionState>(json, "evolution", RegularizedEvolutionState.Json, RegularizedEvolutionState.CurrentFormat, _space.Name, s => s.Format, s => s.Space);
        if (SizedByBudget && state.PopulationSize >= 1 && state.SampleSize >= 1)
            Options = new RegularizedEvolutionOptions(state.PopulationSize, state.SampleSize);
        if (state.PopulationSize != Options.PopulationSize || state.SampleSize != Options.SampleSize)
            throw new NasUserException($"evolution state has P={state.PopulationSize}, S={state.SampleSize}; this strategy has P={Options.PopulationSize}, S={Options.SampleSize}");

        var members = state.Population.Select(m => new PopulationMember(m.Id, Architecture.FromValuesJson(_space, m.Values), m.Score)).ToArray();
        lock (_gate) Restore(state, members);
    }

    private void Restore(RegularizedEvolutionState state, PopulationMember[] members)
    {
        _random = SeededRandom.FromState(state.Random);
        _nextId = state.NextId;
        Completed = state.Completed;
        Failed = state.Failed;
        _pending.Clear();
        _pending.UnionWith(state.Pending);
        _population.Clear();
        foreach (var m in members) _population.AddLast(m);
    }
}
