using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;

namespace Nas.Strategies.Tpe;

/// <summary>
/// The tree-structured Parzen estimator (Bergstra et al., 2011), as Optuna's TPE sampler runs it on categorical
/// parameters. After <see cref="TreeParzenOptions.Startup"/> random trials, the completed ones are split into good
/// (the best <see cref="TreeParzenOptions.Gamma"/>, at most 25) and bad; a Parzen density is fitted to each
/// (<see cref="ParzenModel"/>), <see cref="TreeParzenOptions.Candidates"/> architectures are drawn from the good
/// density, and the one with the highest ratio of good to bad density is proposed. Decisions that do not apply to a
/// trial are left out of its densities, so conditional spaces need nothing special. Multivariate (an option) draws
/// each candidate from one good trial's kernel, keeping decisions that worked together together.
/// </summary>
/// <remarks>
/// Asynchronous: results may arrive in any order; proposals still out are not modelled (a candidate already
/// proposed is skipped for the next best). Failed and pruned trials are told but not modelled. Deterministic for a
/// seed, given the same order of asks and tells.
/// </remarks>
public sealed class TreeParzenEstimator : IStatefulStrategy, IWarmStartable
{
    private readonly SearchSpace _space;
    private readonly ArchitectureEncoding _encoding;
    private readonly object _gate = new();
    private readonly List<(long Id, Architecture Architecture, int[] Row, double Score)> _observations = new();
    private readonly HashSet<long> _pending = new();
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private SeededRandom _random;
    private long _nextId;

    /// <summary>The catalog entry; defaults are Optuna's.</summary>
    public static Search.StrategyRegistration Registration { get; } = new("tpe",
        "tree-structured Parzen estimator (Bergstra et al.; Optuna's sampler): proposes what is likelier among the best trials than among the rest",
        [
            Search.Setting.Integer("startup", 10, "random trials before the model proposes", minimum: 1),
            Search.Setting.Integer("candidates", 24, "architectures drawn from the good trials' density for each proposal", minimum: 1, advanced: true),
            Search.Setting.Real("gamma", 0.25, "fraction of completed trials counted as good (at most 25 of them)", minimum: 0.001, maximum: 0.999),
            Search.Setting.Boolean("multivariate", false, "model the decisions jointly, one kernel per trial, rather than each on its own"),
            Search.Setting.Real("prior_weight", 1.0, "weight of the uniform prior in both densities", minimum: 1e-6, advanced: true),
        ],
        c => new TreeParzenEstimator(c.Space, c.Seed, new TreeParzenOptions(c.Settings.Integer("startup"), c.Settings.Integer("candidates"),
            c.Settings.Real("gamma"), c.Settings.Boolean("multivariate"), c.Settings.Real("prior_weight"))));

    /// <param name="space">The space to search.</param>
    /// <param name="seed">Seeds the random draws.</param>
    /// <param name="options">Settings (default: see <see cref="TreeParzenOptions"/>).</param>
    public TreeParzenEstimator(SearchSpace space, int seed, TreeParzenOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        _space = space;
        _encoding = new ArchitectureEncoding(space);
        Options = (options ?? new TreeParzenOptions()).Validated();
        _random = new SeededRandom(seed);
    }

    /// <inheritdoc/>
    public string Name => Registration.Name;

    /// <summary>The settings in effect.</summary>
    public TreeParzenOptions Options { get; }

    /// <summary>The results the model learns from: completed trials told so far and any warm-start results.</summary>
    public int Completed { get { lock (_gate) return _observations.Count; } }

    /// <summary>Failed (or otherwise unscored) results told so far.</summary>
    public long Failed { get; private set; }

    /// <inheritdoc/>
    public Proposal Ask()
    {
        lock (_gate)
        {
            var architecture = _observations.Count < Math.Max(2, Options.Startup) ? Fresh() : Propose();
            long id = _nextId++;
            _pending.Add(id);
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
            if (!_pending.Remove(proposal.Id))
                throw new ArgumentException($"proposal {proposal.Id} was not asked of this strategy, or was told already", nameof(proposal));
            if (outcome.Objective is not { } score || double.IsNaN(score)) Failed++;
            else _observations.Add((proposal.Id, proposal.Architecture, _encoding.Encode(proposal.Architecture), score));
        }
    }

    /// <summary>Adds earlier results to the observations the densities are fitted to (past the start-up trials once there are enough).</summary>
    /// <param name="results">Earlier results of this space.</param>
    public void WarmStart(IReadOnlyList<PriorResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        lock (_gate)
            foreach (var r in results.Where(r => double.IsFinite(r.Score)))
            {
                _observations.Add((-1, r.Architecture, _encoding.Encode(r.Architecture), r.Score));
                _visited.Add(r.Architecture.Key);
            }
    }

    private Architecture Propose()
    {
        // Best first; ties keep the order they were told in, so the split is deterministic.
        var ranked = _observations.Select((o, i) => (o, i)).OrderByDescending(x => x.o.Score).ThenBy(x => x.i).Select(x => x.o.Row).ToArray();
        int good = Options.GoodCount(ranked.Length);
        var l = new ParzenModel(_encoding, ranked[..good], Options.PriorWeight);
        var g = new ParzenModel(_encoding, ranked[good..], Options.PriorWeight);
        var candidates = new List<(Architecture Architecture, double Ratio)>(Options.Candidates);
        for (int c = 0; c < Options.Candidates; c++)
        {
            var candidate = Draw(l);
            var row = _encoding.Encode(candidate);
            candidates.Add((candidate, l.LogDensity(row, Options.Multivariate) - g.LogDensity(row, Options.Multivariate)));
        }
        foreach (var (candidate, _) in candidates.OrderByDescending(c => c.Ratio))
            if (!_visited.Contains(candidate.Key)) return candidate;
        return Fresh();
    }

    // One architecture from the good density: decision by decision in order, each from its allowed options only.
    private Architecture Draw(ParzenModel model)
    {
        int kernel = Options.Multivariate ? model.DrawKernel(_random) : -1;
        double P(int item, int state) => !Options.Multivariate ? model.Univariate(item, state)
            : kernel < 0 ? 1.0 : model.Kernel(kernel, item, state);
        var values = new Dictionary<string, Choice>(StringComparer.Ordinal);
        foreach (var decision in _space.Decisions)
        {
            if (!decision.IsActiveGiven(values)) continue;
            var allowed = decision.AllowedGiven(values);
            var items = _encoding.ItemsOf[decision.Name];
            if (decision.IsSubset)
                values[decision.Name] = Choice.Subset(allowed.Where(o =>
                {
                    double inside = P(items[o], 1), outside = P(items[o], 0);
                    return _random.NextDouble() * (inside + outside) < inside;
                }));
            else
            {
                if (allowed.Count == 0) throw new InvalidOperationException($"decision '{decision.Name}' allows no option here");
                var weights = allowed.Select(o => P(items[0], o)).ToArray();
                double u = _random.NextDouble() * weights.Sum();
                int pick = 0;
                while (pick < weights.Length - 1 && (u -= weights[pick]) >= 0) pick++;
                values[decision.Name] = Choice.Single(allowed[pick]);
            }
        }
        return Architecture.Create(_space, values);
    }

    private Architecture Fresh() => ArchitectureSampler.SampleNew(_space, _random, _visited);

    /// <summary>The whole state as plain JSON: settings, observations in the order told, random state, proposals still out.</summary>
    public string ExportState()
    {
        lock (_gate)
            return JsonSerializer.Serialize(new TreeParzenState(TreeParzenState.CurrentFormat, _space.Name, Options, _random.ExportState(), _nextId, Failed,
                _pending.Order().ToArray(), _visited.Order(StringComparer.Ordinal).ToArray(),
                _observations.Select(o => new TreeParzenState.Observation(o.Id, o.Score, ArchitectureValues.Of(o.Architecture))).ToArray()), TreeParzenState.Json);
    }

    /// <summary>Restores a state written by <see cref="ExportState"/> of a TPE search over the same space with the same settings.</summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    public void ImportState(string json)
    {
        var state = StrategyState.Read<TreeParzenState>(json, "tpe", TreeParzenState.Json, TreeParzenState.CurrentFormat, _space.Name, s => s.Format, s => s.Space);
        if (state.Options != Options)
            throw new NasUserException($"tpe state has settings {state.Options}; this strategy has {Options}");
        var observations = state.Observations.Select(o =>
        {
            var a = Architecture.FromValuesJson(_space, o.Values);
            return (o.Id, a, _encoding.Encode(a), o.Score);
        }).ToArray();
        lock (_gate)
        {
            _random = SeededRandom.FromState(state.Random);
            _nextId = state.NextId;
            Failed = state.Failed;
            _pending.Clear();
            _pending.UnionWith(state.Pending);
            _visited.Clear();
            _visited.UnionWith(state.Visited);
            _observations.Clear();
            _observations.AddRange(observations);
        }
    }
}
