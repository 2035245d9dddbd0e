using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;

namespace Nas.Strategies.Local;

/// <summary>
/// Local search (hill climbing with random restarts), after White et al. (2021), "Local search is state of the art
/// for neural architecture search benchmarks". It evaluates <see cref="LocalSearchOptions.Starts"/> random
/// architectures and climbs from the best: the current architecture's one-decision neighbours
/// (<see cref="ArchitectureMutator.Neighbours"/>) are proposed in random order, and the first that scores higher
/// becomes the current one (or, with <see cref="LocalSearchOptions.BestImprovement"/>, the best of the whole
/// neighbourhood once it is evaluated). When no neighbour is better, the climb is at a local optimum and starts
/// again from new random architectures. No architecture is proposed twice while others remain.
/// </summary>
/// <remarks>
/// Asynchronous: while the last neighbours of a climb step are still out, further asks are random architectures
/// (any result that beats the current architecture moves the climb there). Failed and pruned trials are told
/// but never become the current architecture. Deterministic for a seed, given the same order of asks and tells.
/// </remarks>
public sealed class LocalSearch : IStatefulStrategy, IWarmStartable
{
    private const int RandomGeneration = -1;
    private readonly SearchSpace _space;
    private readonly object _gate = new();
    private readonly Dictionary<long, int> _pending = new();
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly List<Architecture> _queue = new();
    private SeededRandom _random;
    private long _nextId;
    private int _generation, _startsTold;
    private PopulationMember? _center, _startBest, _candidate;

    /// <summary>The catalog entry.</summary>
    public static Search.StrategyRegistration Registration { get; } = new("local",
        "local search (White et al.): climbs from the best of a few random architectures through one-decision changes, restarting at a local optimum",
        [
            Search.Setting.Integer("starts", 10, "random architectures evaluated before each climb; it starts at the best of them", minimum: 1),
            Search.Setting.Text("improvement", "first", "move to the first neighbour that scores higher, or evaluate the whole neighbourhood and move to its best",
                choices: ["first", "best"]),
        ],
        c => new LocalSearch(c.Space, c.Seed, new LocalSearchOptions(c.Settings.Integer("starts"), c.Settings.Text("improvement") == "best")));

    /// <param name="space">The space to search.</param>
    /// <param name="seed">Seeds the random draws (starts, neighbour order, repairs).</param>
    /// <param name="options">Starts and the improvement rule (default 10 and first improvement).</param>
    public LocalSearch(SearchSpace space, int seed, LocalSearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        _space = space;
        Options = (options ?? new LocalSearchOptions()).Validated();
        _random = new SeededRandom(seed);
    }

    /// <inheritdoc/>
    public string Name => Registration.Name;

    /// <summary>The settings in effect.</summary>
    public LocalSearchOptions Options { get; }

    /// <summary>The architecture the climb stands on, with its score, or null while random starts are evaluated.</summary>
    public PopulationMember? Current { get { lock (_gate) return _center; } }

    /// <summary>Completed results told so far.</summary>
    public long Completed { get; private set; }

    /// <summary>Failed (or otherwise unscored) results told so far.</summary>
    public long Failed { get; private set; }

    /// <summary>How many times the climb moved to a better neighbour.</summary>
    public long Moves { get; private set; }

    /// <summary>How many times the climb reached a local optimum and started again.</summary>
    public long Restarts { get; private set; }

    /// <inheritdoc/>
    public Proposal Ask()
    {
        lock (_gate)
        {
            int generation = RandomGeneration;
            Architecture? architecture = null;
            if (_center is not null && _queue.Count > 0)
            {
                architecture = _queue[0];
                _queue.RemoveAt(0);
                generation = _generation;
            }
            architecture ??= Fresh();
            long id = _nextId++;
            _pending[id] = generation;
            _visited.Add(architecture.Key);
            return new Proposal(id, architecture);
        }
    }

    /// <inheritdoc/>
    public void Tell(Proposal proposal, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            if (!_pending.Remove(proposal.Id, out int generation))
                throw new ArgumentException($"proposal {proposal.Id} was not asked of this strategy, or was told already", nameof(proposal));
            if (outcome.Objective is not { } score || double.IsNaN(score)) Failed++;
            else
            {
                Completed++;
                Take(new PopulationMember(proposal.Id, proposal.Architecture, score), generation);
            }
            Settle();
        }
    }

    /// <summary>
    /// Counts earlier results as random starts (never proposed again): with at least
    /// <see cref="LocalSearchOptions.Starts"/> of them the first climb starts at once from their best.
    /// </summary>
    /// <param name="results">Earlier results of this space.</param>
    public void WarmStart(IReadOnlyList<PriorResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        lock (_gate)
        {
            foreach (var r in results.Where(r => double.IsFinite(r.Score)))
            {
                _visited.Add(r.Architecture.Key);
                Take(new PopulationMember(-1, r.Architecture, r.Score), RandomGeneration);
            }
            Settle();
        }
    }

    private void Take(PopulationMember member, int generation)
    {
        if (_center is null)
        {
            if (_startBest is null || member.Score > _startBest.Score) _startBest = member;
            if (++_startsTold >= Options.Starts) MoveTo(_startBest, counts: false);
        }
        else if (Options.BestImprovement && generation == _generation)
        {
            if (member.Score > (_candidate ?? _center).Score) _candidate = member;
        }
        else if (member.Score > _center.Score) MoveTo(member, counts: true);
    }

    // At a local optimum (every neighbour out of the queue and told, none better) the climb moves to the best
    // neighbour found, or starts again.
    private void Settle()
    {
        while (_center is not null && _queue.Count == 0 && !_pending.ContainsValue(_generation))
        {
            if (_candidate is { } best && best.Score > _center.Score) MoveTo(best, counts: true);
            else
            {
                _center = _startBest = _candidate = null;
                _startsTold = 0;
                _generation++;
                Restarts++;
            }
        }
    }

    private void MoveTo(PopulationMember member, bool counts)
    {
        _center = member;
        _candidate = null;
        _generation++;
        if (counts) Moves++;
        _queue.Clear();
        _queue.AddRange(ArchitectureMutator.Neighbours(member.Architecture, _random).Where(a => !_visited.Contains(a.Key)));
        for (int i = _queue.Count - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (_queue[i], _queue[j]) = (_queue[j], _queue[i]);
        }
    }

    private Architecture Fresh() => ArchitectureSampler.SampleNew(_space, _random, _visited);

    /// <summary>The whole state as plain JSON: settings, climb, queue, visited architectures, random state and proposals still out.</summary>
    public string ExportState()
    {
        lock (_gate)
            return JsonSerializer.Serialize(new LocalSearchState(LocalSearchState.CurrentFormat, _space.Name, Options.Starts, Options.BestImprovement,
                _random.ExportState(), _nextId, Completed, Failed, Moves, Restarts, _generation, _startsTold,
                MemberOf(_center), MemberOf(_startBest), MemberOf(_candidate),
                _queue.Select(ArchitectureValues.Of).ToArray(), _visited.Order(StringComparer.Ordinal).ToArray(),
                _pending.OrderBy(p => p.Key).Select(p => new LocalSearchState.Outstanding(p.Key, p.Value)).ToArray()), LocalSearchState.Json);
    }

    /// <summary>Restores a state written by <see cref="ExportState"/> of a local search over the same space with the same settings.</summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    public void ImportState(string json)
    {
        var state = StrategyState.Read<LocalSearchState>(json, "local search", LocalSearchState.Json, LocalSearchState.CurrentFormat, _space.Name, s => s.Format, s => s.Space);
        if (state.Starts != Options.Starts || state.BestImprovement != Options.BestImprovement)
            throw new NasUserException($"local search state has starts={state.Starts}, improvement={(state.BestImprovement ? "best" : "first")}; " +
                $"this strategy has starts={Options.Starts}, improvement={(Options.BestImprovement ? "best" : "first")}");
        var queue = state.Queue.Select(v => Architecture.FromValuesJson(_space, v)).ToArray();
        PopulationMember? Read(LocalSearchState.Member? m) => m is null ? null : new PopulationMember(-1, Architecture.FromValuesJson(_space, m.Values), m.Score);
        var (center, startBest, candidate) = (Read(state.Center), Read(state.StartBest), Read(state.Candidate));
        lock (_gate)
        {
            _random = SeededRandom.FromState(state.Random);
            (_nextId, Completed, Failed, Moves, Restarts, _generation, _startsTold) =
                (state.NextId, state.Completed, state.Failed, state.Moves, state.Restarts, state.Generation, state.StartsTold);
            (_center, _startBest, _candidate) = (center, startBest, candidate);
            _queue.Clear();
            _queue.AddRange(queue);
            _visited.Clear();
            _visited.UnionWith(state.Visited);
            _pending.Clear();
            foreach (var p in state.Pending) _pending[p.Id] = p.Generation;
        }
    }

    private static LocalSearchState.Member? MemberOf(PopulationMember? member) =>
        member is null ? null : new LocalSearchState.Member(member.Score, ArchitectureValues.Of(member.Architecture));
}
