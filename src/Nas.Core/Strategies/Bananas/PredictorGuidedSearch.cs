using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Strategies.Predictors;

namespace Nas.Strategies.Bananas;

/// <summary>
/// Predictor-guided search in the style of BANANAS (White et al., 2021): after
/// <see cref="PredictorGuidedOptions.Startup"/> random trials, a predictor (<see cref="IAccuracyPredictor"/>, an
/// ensemble in BANANAS) is fitted to every completed trial; <see cref="PredictorGuidedOptions.Candidates"/> children
/// of the best <see cref="PredictorGuidedOptions.Parents"/> trials (one decision mutated each) are ranked by an
/// acquisition on its predictions (independent Thompson sampling, or mean plus spread), and the best
/// <see cref="PredictorGuidedOptions.BatchSize"/> become the next proposals. Each fit is logged with how well the
/// previous fit ranked the trials it chose once they were scored (<see cref="PredictorStep"/>).
/// </summary>
/// <remarks>
/// Asynchronous: results may arrive in any order; while the predictor's batch is out and nothing new has come back,
/// further asks refit on what has. Failed and pruned trials are told but not fitted. Deterministic for a seed, given the
/// same order of asks and tells and a deterministic predictor.
/// </remarks>
public sealed class PredictorGuidedSearch : IStatefulStrategy, IStepLoggingStrategy, IWarmStartable
{
    private readonly SearchSpace _space;
    private readonly ArchitectureEncoding _encoding;
    private readonly IAccuracyPredictor _predictor;
    private readonly object _gate = new();
    private readonly List<(long Id, Architecture Architecture, double Score)> _observations = new();
    private readonly List<(Architecture Architecture, double Predicted)> _queue = new();
    private readonly HashSet<long> _pending = new();
    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly Predictors.HeldOutRanking _ranking = new();
    private readonly List<PredictorStep> _steps = new();
    private SeededRandom _random;
    private long _nextId;
    private int _fits;

    /// <summary>The name it is registered under.</summary>
    public const string StrategyName = "bananas";

    /// <param name="space">The space to search.</param>
    /// <param name="seed">Seeds the random draws and each fit of the predictor.</param>
    /// <param name="predictor">The model of scores; it is fitted from scratch before each batch.</param>
    /// <param name="options">Settings (default: 10 random trials, 100 candidates from the 10 best, 5 per fit, Thompson sampling).</param>
    public PredictorGuidedSearch(SearchSpace space, int seed, IAccuracyPredictor predictor, PredictorGuidedOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(predictor);
        _space = space;
        _encoding = new ArchitectureEncoding(space);
        _predictor = predictor;
        Options = (options ?? new PredictorGuidedOptions()).Validated();
        _random = new SeededRandom(seed);
    }

    /// <inheritdoc/>
    public string Name => StrategyName;

    /// <summary>The settings in effect.</summary>
    public PredictorGuidedOptions Options { get; }

    /// <summary>Each fit so far, with the held-out rank correlation of the one before.</summary>
    public IReadOnlyList<PredictorStep> Steps { get { lock (_gate) return _steps.ToArray(); } }

    /// <summary>Completed results told so far.</summary>
    public int Completed { get { lock (_gate) return _observations.Count; } }

    /// <summary>Failed (or otherwise unscored) results told so far.</summary>
    public long Failed { get; private set; }

    /// <inheritdoc/>
    public event Action<string, long, string>? StepLogged;

    /// <inheritdoc/>
    public Proposal Ask()
    {
        PredictorStep? logged = null;
        Proposal proposal;
        lock (_gate)
        {
            Architecture architecture;
            double? predicted = null;
            if (_observations.Count < Options.Startup) architecture = Fresh();
            else
            {
                if (_queue.Count == 0) logged = Refill();
                if (_queue.Count == 0) architecture = Fresh();
                else
                {
                    (architecture, double p) = _queue[0];
                    _queue.RemoveAt(0);
                    predicted = p;
                }
            }
            long id = _nextId++;
            _pending.Add(id);
            _visited.Add(architecture.Key);
            if (predicted is { } value) _ranking.Predicted(id, value);
            proposal = new Proposal(id, architecture);
        }
        if (logged is not null) StepLogged?.Invoke("predictor", logged.Fit, Predictors.HeldOutRanking.Json(logged));
        return proposal;
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
            double? score = outcome.Objective is { } s && !double.IsNaN(s) ? s : null;
            _ranking.Told(proposal.Id, score);
            if (score is null) { Failed++; return; }
            _observations.Add((proposal.Id, proposal.Architecture, score.Value));
        }
    }

    /// <summary>Adds earlier results to the trials the predictor is fitted to and mutated from.</summary>
    /// <param name="results">Earlier results of this space.</param>
    public void WarmStart(IReadOnlyList<PriorResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        lock (_gate)
            foreach (var r in results.Where(r => double.IsFinite(r.Score)))
            {
                _observations.Add((-1, r.Architecture, r.Score));
                _visited.Add(r.Architecture.Key);
            }
    }

    // Fits the predictor to every completed trial and queues the best candidates by the acquisition.
    private PredictorStep Refill()
    {
        var features = _observations.Select(o => _encoding.Features(o.Architecture)).ToArray();
        _predictor.Fit(features, _observations.Select(o => o.Score).ToArray(), _random.Next());
        _fits++;
        var step = _ranking.Fitted(_fits, _observations.Count);
        _steps.Add(step);

        var parents = _observations.Select((o, i) => (o, i)).OrderByDescending(x => x.o.Score).ThenBy(x => x.i)
            .Take(Options.Parents).Select(x => x.o.Architecture).ToArray();
        var candidates = new List<Architecture>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (int attempt = 0; candidates.Count < Options.Candidates && attempt < 4 * Options.Candidates; attempt++)
        {
            var child = ArchitectureMutator.Mutate(parents[attempt % parents.Length], _random);
            if (!_visited.Contains(child.Key) && keys.Add(child.Key)) candidates.Add(child);
        }
        if (candidates.Count == 0) return step;
        var predictions = _predictor.Predict(candidates.Select(_encoding.Features).ToArray());
        var ranked = candidates.Select((c, i) => (c, p: predictions[i], a: Acquisition(predictions[i])))
            .OrderByDescending(x => x.a).Take(Options.BatchSize);
        foreach (var (c, p, _) in ranked) _queue.Add((c, p.Mean));
        return step;
    }

    private double Acquisition(ScorePrediction p)
    {
        return Options.Thompson ? p.Mean + p.Spread * _random.NextStandardNormal() : p.Mean + p.Spread;
    }

    private Architecture Fresh() => ArchitectureSampler.SampleNew(_space, _random, _visited);

    /// <summary>The whole state as plain JSON: observations, the batch still queued, predictions of proposals out, held-out pairs, random state.</summary>
    public string ExportState()
    {
        lock (_gate)
        {
            var (predicted, recent, all) = _ranking.Export();
            return JsonSerializer.Serialize(new PredictorGuidedState(PredictorGuidedState.CurrentFormat, _space.Name, Options, _random.ExportState(), _nextId, Failed, _fits,
                _pending.Order().ToArray(), _visited.Order(StringComparer.Ordinal).ToArray(),
                _observations.Select(o => new PredictorGuidedState.Observation(o.Id, o.Score, ArchitectureValues.Of(o.Architecture))).ToArray(),
                _queue.Select(q => new PredictorGuidedState.Queued(q.Predicted, ArchitectureValues.Of(q.Architecture))).ToArray(),
                predicted, recent, all), PredictorGuidedState.Json);
        }
    }

    /// <summary>Restores a state written by <see cref="ExportState"/> of a search over the same space with the same settings.</summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    public void ImportState(string json)
    {
        var state = StrategyState.Read<PredictorGuidedState>(json, StrategyName, PredictorGuidedState.Json, PredictorGuidedState.CurrentFormat, _space.Name, s => s.Format, s => s.Space);
        if (state.Options != Options)
            throw new NasUserException($"{StrategyName} state has settings {state.Options}; this strategy has {Options}");
        var observations = state.Observations.Select(o => (o.Id, Architecture.FromValuesJson(_space, o.Values), o.Score)).ToArray();
        var queue = state.Queue.Select(q => (Architecture.FromValuesJson(_space, q.Values), q.Predicted)).ToArray();
        lock (_gate)
        {
            _random = SeededRandom.FromState(state.Random);
            (_nextId, Failed, _fits) = (state.NextId, state.Failed, state.Fits);
            _pending.Clear();
            _pending.UnionWith(state.Pending);
            _visited.Clear();
            _visited.UnionWith(state.Visited);
            _observations.Clear();
            _observations.AddRange(observations);
            _queue.Clear();
            _queue.AddRange(queue);
            _ranking.Import(state.Predictions, state.HeldOut, state.HeldOutAll);
        }
    }

    /// <summary>Frees the predictor when it is disposable.</summary>
    public void Dispose() => (_predictor as IDisposable)?.Dispose();

}
