using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;

namespace Nas.Strategies.Pareto;

/// <summary>
/// Multi-objective evolution in the manner of NSGA-II (Deb et al. 2002), steady state: validation accuracy is
/// maximised and a cost (<see cref="ParetoObjective"/>: parameters, multiply-adds or latency) minimised. Until the
/// population holds <see cref="ParetoEvolutionOptions.PopulationSize"/> members every proposal is a random
/// architecture not proposed before. After that each proposal runs two binary tournaments among the population on
/// (front rank ascending, crowding distance descending), as NSGA-II picks two parents; there is no crossover, so the
/// better of the two winners is mutated in one decision (<see cref="ArchitectureMutator"/>), into a child not proposed
/// before where one can be found. Each completed result joins the population; while it is over its size, the worst
/// member leaves: of the highest rank, the one with the smallest crowding distance, the oldest on a tie.
/// </summary>
/// <remarks>
/// Asynchronous like <see cref="RegularizedEvolution"/>: any number of proposals may be out and results may arrive
/// in any order. Failed and pruned trials are told but never join. A completed trial must carry its cost: the search
/// has to measure the objective, and <see cref="Tell"/> refuses a result without it. Every
/// <see cref="ParetoEvolutionOptions.PopulationSize"/> completed results it logs a <c>pareto</c> step (see
/// <see cref="StepLogged"/>). Deterministic for a seed, given the same order of asks and tells.
/// </remarks>
public sealed class ParetoEvolution : IStatefulStrategy, IWarmStartable, IStepLoggingStrategy
{
    // Mutations of the parent tried for a child not proposed before, before its whole neighbourhood is searched.
    private const int MutationTries = 10;
    private readonly SearchSpace _space;
    private readonly List<ParetoMember> _population = new();
    private readonly List<ParetoPoint> _results = new();
    private readonly HashSet<long> _pending = new();
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private SeededRandom _random;
    private long _nextId;

    /// <summary>The catalog entry: <c>nsga2</c>, with the objective and the population size (scaled to the budget as evolution's is).</summary>
    public static Search.StrategyRegistration Registration { get; } = new("nsga2",
        "NSGA-II Pareto search: accuracy against params, madds or latency; tournaments on front rank and crowding pick parents, the most crowded of the worst front leaves",
        [
            Search.Setting.Text("objective", ParetoObjectives.Name(ParetoObjective.Parameters),
                "the cost minimised beside accuracy: params (trainable parameters), madds (multiply-adds per example) or latency (predicted inference latency)",
                choices: ParetoObjectives.Names),
            Search.Setting.Integer("population", null, "P, the population size (also the number of random trials that start it); default: a tenth of --trials, 10 to 100 (100 without a trial budget)", minimum: 2),
        ],
        c =>
        {
            string text = c.Settings.Text("objective");
            if (!ParetoObjectives.TryParse(text, out var objective))
                throw new Search.SettingException(c.Settings.PathOf("objective"), $"must be one of {string.Join(", ", ParetoObjectives.Names)}, got '{text}'");
            bool scaled = !c.Settings.Given("population");
            int p = scaled ? RegularizedEvolution.ScaledOptions(c.Budget.MaxTrials ?? 1000).PopulationSize : c.Settings.Integer("population");
            if (!scaled && c.Budget.MaxTrials is { } n && n <= p)
                c.Warnings.Add(new Search.SearchWarning(c.Settings.PathOf("population"),
                    $"is {p}, not below the {n} trials: every trial is a random member of the starting population and nothing evolves (try a population of {Math.Max(2, n / 10)})"));
            // The sizes in effect go into the recorded configuration.
            c.Settings.Values["population"] = p;
            return new ParetoEvolution(c.Space, c.Seed, new ParetoEvolutionOptions(objective, p)) { SizedByBudget = scaled };
        });

    /// <param name="space">The space to search.</param>
    /// <param name="seed">Seeds the random draws (starting population, tournaments, mutations).</param>
    /// <param name="options">Objective and population size (default: parameters, 100).</param>
    public ParetoEvolution(SearchSpace space, int seed, ParetoEvolutionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        _space = space;
        Options = (options ?? new ParetoEvolutionOptions()).Validated();
        _random = new SeededRandom(seed);
    }

    /// <inheritdoc/>
    public string Name => Registration.Name;

    /// <summary>The settings in effect.</summary>
    public ParetoEvolutionOptions Options { get; private set; }

    /// <summary>The cost minimised beside accuracy.</summary>
    public ParetoObjective Objective => Options.Objective;

    /// <summary>
    /// Whether the population size came from the budget rather than the user: a resumed search then takes the size its
    /// saved state has, even when the new budget would scale it otherwise.
    /// </summary>
    public bool SizedByBudget { get; init; }

    /// <summary>
    /// How <see cref="WarmStart"/> finds an earlier result's cost (<see cref="PriorResult"/> holds only its accuracy):
    /// the front end that has a way to measure an architecture sets it. Null: earlier results have no known cost and
    /// are left out.
    /// </summary>
    public Func<Architecture, double?>? PriorCost { get; set; }

    /// <summary>
    /// Raised every <see cref="ParetoEvolutionOptions.PopulationSize"/> completed results, with kind <c>pareto</c>, the
    /// step number (1, 2, ...) and <c>{"trials": n, "front": [[accuracy, cost], ...], "hypervolume": h, "reference_cost": r}</c>:
    /// the front of every result completed so far, cheapest first, and its hypervolume (<see cref="ParetoFront.Hypervolume"/>)
    /// up to <c>r</c>, the largest cost among those results (so the costliest result itself adds nothing). Costs are raw.
    /// </summary>
    public event Action<string, long, string>? StepLogged;

    /// <summary>The current population, oldest first.</summary>
    public IReadOnlyList<ParetoMember> Population { get { lock (_gate) return _population.ToArray(); } }

    /// <summary>Every completed result told so far, in the order told (earlier searches' results not included).</summary>
    public IReadOnlyList<ParetoPoint> Results { get { lock (_gate) return _results.ToArray(); } }

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
                ? ArchitectureSampler.SampleNew(_space, _random, _visited)
                : Child();
            long id = _nextId++;
            _pending.Add(id);
            _visited.Add(architecture.Key);
            return new Proposal(id, architecture);
        }
    }

    /// <summary>
    /// Reports a result. A completed one with a finite accuracy joins the population; any other outcome is counted as
    /// failed. Throws <see cref="InvalidOperationException"/>, and changes nothing, when a completed trial lacks the
    /// cost of <see cref="Objective"/>.
    /// </summary>
    /// <param name="proposal">A proposal this strategy made and has not been told of.</param>
    /// <param name="outcome">How its trial ended.</param>
    public void Tell(Proposal proposal, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(outcome);
        string? step = null;
        long number = 0;
        lock (_gate)
        {
            if (!_pending.Contains(proposal.Id))
                throw new ArgumentException($"proposal {proposal.Id} was not asked of this strategy, or was told already", nameof(proposal));
            bool scored = outcome.Objective is { } accuracy && double.IsFinite(accuracy);
            double? cost = scored ? ParetoObjectives.CostOf(Objective, outcome.Metrics!) : null;
            if (scored && cost is null)
                throw new InvalidOperationException($"trial {proposal.Id} completed without its {ParetoObjectives.Name(Objective)}: " +
                    $"{Name} minimises {ParetoObjectives.Name(Objective)}, so the search must measure it for every trial");
            _pending.Remove(proposal.Id);
            if (!scored)
            {
                Failed++;
                return;
            }
            Completed++;
            var member = new ParetoMember(proposal.Id, proposal.Architecture, outcome.Objective!.Value, cost!.Value);
            _results.Add(member.Point);
            Join(member);
            if (Completed % Options.PopulationSize == 0) (step, number) = (StepJson(), Completed / Options.PopulationSize);
        }
        // Raised outside the lock: a listener may read the strategy.
        if (step is not null) StepLogged?.Invoke("pareto", number, step);
    }

    /// <summary>
    /// Seeds the population with earlier results whose cost <see cref="PriorCost"/> finds (the others are left out), as
    /// if they had been told in order: while the population is over its size the worst leaves. They are never proposed again.
    /// </summary>
    /// <param name="results">Earlier results of this space.</param>
    public void WarmStart(IReadOnlyList<PriorResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (PriorCost is not { } costOf) return;
        // Costs are measured outside the lock: measuring a network can take a while.
        var known = results.Where(r => double.IsFinite(r.Score)).Select(r => (r, Cost: costOf(r.Architecture)))
            .Where(x => x.Cost is { } c && double.IsFinite(c)).ToArray();
        lock (_gate)
            foreach (var (r, cost) in known)
            {
                _visited.Add(r.Architecture.Key);
                Join(new ParetoMember(-1, r.Architecture, r.Score, cost!.Value));
            }
    }

    private void Join(ParetoMember member)
    {
        _population.Add(member);
        while (_population.Count > Options.PopulationSize) _population.RemoveAt(Worst());
    }

    // Of the highest rank, the smallest crowding distance; the population is oldest first, so the first such is the oldest.
    private int Worst()
    {
        var points = _population.Select(m => m.Point).ToArray();
        var ranks = ParetoFront.Ranks(points);
        var crowding = ParetoFront.CrowdingDistances(points, ranks);
        int worst = 0;
        for (int i = 1; i < points.Length; i++)
            if (ranks[i] > ranks[worst] || (ranks[i] == ranks[worst] && crowding[i] < crowding[worst])) worst = i;
        return worst;
    }

    private Architecture Child()
    {
        var points = _population.Select(m => m.Point).ToArray();
        var ranks = ParetoFront.Ranks(points);
        var crowding = ParetoFront.CrowdingDistances(points, ranks);
        int first = Tournament(ranks, crowding), second = Tournament(ranks, crowding);
        var parent = _population[Better(second, first, ranks, crowding) ? second : first].Architecture;

        Architecture child = parent;
        for (int i = 0; i < MutationTries; i++)
        {
            child = ArchitectureMutator.Mutate(parent, _random);
            if (!_visited.Contains(child.Key)) return child;
        }
        // Near a well-explored parent random mutations repeat themselves: take any new neighbour, else a new random architecture.
        var fresh = ArchitectureMutator.Neighbours(parent, _random).Where(a => !_visited.Contains(a.Key)).ToArray();
        if (fresh.Length > 0) return fresh[_random.Next(fresh.Length)];
        return ArchitectureSampler.SampleNew(_space, _random, _visited);
    }

    // Two members drawn with replacement; on a tie the first drawn wins.
    private int Tournament(int[] ranks, double[] crowding)
    {
        int a = _random.Next(ranks.Length), b = _random.Next(ranks.Length);
        return Better(b, a, ranks, crowding) ? b : a;
    }

    private static bool Better(int i, int j, int[] ranks, double[] crowding) =>
        ranks[i] < ranks[j] || (ranks[i] == ranks[j] && crowding[i] > crowding[j]);

    private string StepJson()
    {
        var front = ParetoFront.Front(_results).Select(i => new[] { _results[i].Accuracy, _results[i].Cost }).ToArray();
        double reference = _results.Max(p => p.Cost);
        return JsonSerializer.Serialize(new { trials = Completed, front, hypervolume = ParetoFront.Hypervolume(_results, reference), reference_cost = reference });
    }

    /// <summary>
    /// The whole state as plain JSON: settings, population (oldest first, each with its proposal id, accuracy, cost,
    /// key and values), every completed result, the architectures proposed, the random state, the id counter and the
    /// proposals still out.
    /// </summary>
    public string ExportState()
    {
        lock (_gate)
            return JsonSerializer.Serialize(new ParetoEvolutionState(ParetoEvolutionState.CurrentFormat, _space.Name, ParetoObjectives.Name(Objective),
                Options.PopulationSize, _random.ExportState(), _nextId, Completed, Failed, _pending.Order().ToArray(),
                _population.Select(m => new ParetoEvolutionState.Member(m.ProposalId, m.Accuracy, m.Cost, m.Architecture.Key, ArchitectureValues.Of(m.Architecture))).ToArray(),
                _results.Select(p => new[] { p.Accuracy, p.Cost }).ToArray(),
                _visited.Order(StringComparer.Ordinal).ToArray()), ParetoEvolutionState.Json);
    }

    /// <summary>
    /// Restores a state written by <see cref="ExportState"/> into this strategy, which must have been built for the same
    /// space with the same objective and population size (a size the budget chose takes the saved one); the search then
    /// continues exactly as it would have.
    /// </summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    public void ImportState(string json)
    {
        var state = StrategyState.Read<ParetoEvolutionState>(json, Name, ParetoEvolutionState.Json, ParetoEvolutionState.CurrentFormat, _space.Name, s => s.Format, s => s.Space);
        if (!ParetoObjectives.TryParse(state.Objective, out var objective))
            throw new NasUserException($"{Name} state has an unknown objective '{state.Objective}'");
        int population = SizedByBudget && state.PopulationSize >= 2 ? state.PopulationSize : Options.PopulationSize;
        if (objective != Objective || state.PopulationSize != population)
            throw new NasUserException($"{Name} state has objective={state.Objective}, P={state.PopulationSize}; " +
                $"this strategy has objective={ParetoObjectives.Name(Objective)}, P={Options.PopulationSize}");
        if (state.Results.Any(r => r.Length != 2)) throw new NasUserException($"{Name} state is malformed: a result is not [accuracy, cost]");
        var members = state.Population.Select(m => new ParetoMember(m.Id, Architecture.FromValuesJson(_space, m.Values), m.Accuracy, m.Cost)).ToArray();
        lock (_gate)
        {
            Options = Options with { PopulationSize = population };
            _random = SeededRandom.FromState(state.Random);
            (_nextId, Completed, Failed) = (state.NextId, state.Completed, state.Failed);
            _pending.Clear();
            _pending.UnionWith(state.Pending);
            _population.Clear();
            _population.AddRange(members);
            _results.Clear();
            _results.AddRange(state.Results.Select(r => new ParetoPoint(r[0], r[1])));
            _visited.Clear();
            _visited.UnionWith(state.Visited);
        }
    }
}
