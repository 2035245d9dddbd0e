using System.Text.Json;
using System.Text.Json.Serialization;
using Nas.Spaces;

namespace Nas.Strategies.Predictors;

/// <summary>
/// A surrogate evaluator in front of any strategy: once <see cref="Startup"/> trials have completed, each ask draws
/// <see cref="Screen"/> proposals from the strategy, the predictor (fitted to the completed trials, again whenever
/// they have grown by a tenth) scores them, and only the best is trained. The strategy is told of the others as failed ("screened out"), which evolution, local
/// search and TPE leave out of their models and REINFORCE rewards with 0. Each fit logs how well the previous one
/// ranked the trials it let through (Kendall and Spearman over their predictions and scores).
/// </summary>
/// <remarks>The proposals it returns are the strategy's own, with the strategy's ids, so results go straight back to it.</remarks>
public sealed class SurrogateScreening : IStatefulStrategy, IStepLoggingStrategy, IWarmStartable
{
    private readonly IStrategy _inner;
    private readonly ArchitectureEncoding _encoding;
    private readonly IAccuracyPredictor _predictor;
    private readonly object _gate = new();
    private readonly List<(int[] Row, double Score)> _observations = new();
    private readonly HeldOutRanking _ranking = new();
    private readonly List<Bananas.PredictorStep> _steps = new();
    private SeededRandom _random;
    private int _fittedOn, _fits, _lastSeed;
    private bool _refit;
    private long _screenedOut;

    /// <param name="inner">The strategy whose proposals are screened; disposed with this one.</param>
    /// <param name="space">The space it searches.</param>
    /// <param name="predictor">The surrogate, fitted again whenever new results have come in.</param>
    /// <param name="screen">Proposals drawn per trial; the predictor lets the best through (1: no screening).</param>
    /// <param name="startup">Completed trials before screening starts.</param>
    /// <param name="seed">Seeds the predictor's fits.</param>
    public SurrogateScreening(IStrategy inner, SearchSpace space, IAccuracyPredictor predictor, int screen, int startup = 10, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentOutOfRangeException.ThrowIfLessThan(screen, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(startup, 2);
        (_inner, _predictor, Screen, Startup) = (inner, predictor, screen, startup);
        _encoding = new ArchitectureEncoding(space);
        _random = new SeededRandom(seed);
        // The screened strategy's own steps (a controller's updates) go to the same log.
        if (inner is IStepLoggingStrategy logging) logging.StepLogged += (kind, step, json) => StepLogged?.Invoke(kind, step, json);
    }

    /// <summary>The screened strategy's name: the search is still that strategy's.</summary>
    public string Name => _inner.Name;

    /// <summary>The strategy whose proposals are screened.</summary>
    public IStrategy Inner => _inner;

    /// <summary>Proposals drawn per trial once screening has started.</summary>
    public int Screen { get; }

    /// <summary>Completed trials before screening starts.</summary>
    public int Startup { get; }

    /// <summary>Proposals the predictor kept from training so far.</summary>
    public long ScreenedOut { get { lock (_gate) return _screenedOut; } }

    /// <summary>Each fit of the predictor, with the held-out rank correlation of the one before.</summary>
    public IReadOnlyList<Bananas.PredictorStep> Steps { get { lock (_gate) return _steps.ToArray(); } }

    /// <inheritdoc/>
    public bool Exhausted => _inner.Exhausted;

    /// <inheritdoc/>
    public event Action<string, long, string>? StepLogged;

    /// <inheritdoc/>
    public Proposal Ask()
    {
        Bananas.PredictorStep? logged = null;
        Proposal chosen;
        lock (_gate)
        {
            if (Screen == 1 || _observations.Count < Startup) return _inner.Ask();
            if (_refit) Fit(_fittedOn, _lastSeed);
            // Refitted once the results have grown by a tenth (at least one): often early, rarely in long searches.
            if (_observations.Count >= _fittedOn + Math.Max(1, _fittedOn / 10)) logged = Next();
            var drawn = new List<Proposal>(Screen);
            for (int i = 0; i < Screen && (i == 0 || !_inner.Exhausted); i++) drawn.Add(_inner.Ask());
            var predictions = _predictor.Predict(drawn.Select(p => _encoding.Features(p.Architecture)).ToArray());
            int best = 0;
            for (int i = 1; i < drawn.Count; i++) if (predictions[i].Mean > predictions[best].Mean) best = i;
            chosen = drawn[best];
            _ranking.Predicted(chosen.Id, predictions[best].Mean);
            for (int i = 0; i < drawn.Count; i++)
            {
                if (i == best) continue;
                _inner.Tell(drawn[i], TrialOutcome.Failed($"screened out by the surrogate: predicted {predictions[i].Mean:F4} against {predictions[best].Mean:F4}"));
                _screenedOut++;
            }
        }
        if (logged is not null) Log(logged);
        return chosen;
    }

    /// <inheritdoc/>
    public void Tell(Proposal proposal, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            _inner.Tell(proposal, outcome);
            double? score = outcome.Objective is { } s && !double.IsNaN(s) ? s : null;
            _ranking.Told(proposal.Id, score);
            if (score is not null) _observations.Add((_encoding.Encode(proposal.Architecture), score.Value));
        }
    }

    /// <summary>
    /// Pre-trains the surrogate on earlier results (they count towards its start-up) and passes them on to the
    /// screened strategy when it takes them.
    /// </summary>
    /// <param name="results">Earlier results of this space.</param>
    public void WarmStart(IReadOnlyList<PriorResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        lock (_gate)
            foreach (var r in results.Where(r => double.IsFinite(r.Score))) _observations.Add((_encoding.Encode(r.Architecture), r.Score));
        (_inner as IWarmStartable)?.WarmStart(results);
    }

    // Fits the predictor to the first `count` results (in the order told) with a seed.
    private void Fit(int count, int seed)
    {
        var used = _observations.Take(count).ToArray();
        _predictor.Fit(used.Select(o => _encoding.Features(o.Row)).ToArray(), used.Select(o => o.Score).ToArray(), seed);
        (_fittedOn, _lastSeed, _refit) = (count, seed, false);
    }

    private Bananas.PredictorStep Next()
    {
        Fit(_observations.Count, _random.Next());
        _fits++;
        var step = _ranking.Fitted(_fits, _observations.Count);
        _steps.Add(step);
        return step;
    }

    private void Log(Bananas.PredictorStep step) =>
        StepLogged?.Invoke("surrogate", step.Fit, HeldOutRanking.Json(step, new Dictionary<string, double> { ["screened_out"] = ScreenedOut }));

    /// <summary>The screened strategy's state with this one's observations, predictions and counters.</summary>
    public string ExportState()
    {
        lock (_gate)
        {
            var (predicted, recent, all) = _ranking.Export();
            return JsonSerializer.Serialize(new State(CurrentFormat, Screen, Startup, (_inner as IStatefulStrategy)?.ExportState(), _random.ExportState(),
                _fittedOn, _lastSeed, _fits, _screenedOut, _observations.Select(o => o.Row).ToArray(), _observations.Select(o => o.Score).ToArray(),
                predicted, recent, all), Json);
        }
    }

    /// <summary>Restores a state written by <see cref="ExportState"/> with the same strategy and screening settings.</summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    public void ImportState(string json)
    {
        State state;
        try { state = JsonSerializer.Deserialize<State>(json, Json) ?? throw new JsonException("empty state"); }
        catch (JsonException e) { throw new NasUserException($"surrogate screening state is malformed: {e.Message}"); }
        if (state.Format != CurrentFormat) throw new NasUserException($"surrogate screening state has format '{state.Format}', expected '{CurrentFormat}'");
        if (state.Screen != Screen || state.Startup != Startup)
            throw new NasUserException($"surrogate screening state has screen={state.Screen}, startup={state.Startup}; this search has screen={Screen}, startup={Startup}");
        if (state.Inner is { } inner)
        {
            if (_inner is not IStatefulStrategy stateful) throw new NasUserException($"the {_inner.Name} strategy cannot restore a saved state");
            stateful.ImportState(inner);
        }
        lock (_gate)
        {
            _random = SeededRandom.FromState(state.Random);
            (_fittedOn, _lastSeed, _fits, _screenedOut) = (state.FittedOn, state.LastSeed, state.Fits, state.ScreenedOut);
            _observations.Clear();
            _observations.AddRange(state.Rows.Zip(state.Scores));
            _ranking.Import(state.Predicted, state.HeldOut, state.HeldOutAll);
            // The predictor is not saved: it is fitted again, on the same results with the same seed, at the next ask.
            _refit = _fittedOn > 0;
        }
    }

    /// <summary>Frees the screened strategy and the predictor.</summary>
    public void Dispose()
    {
        _inner.Dispose();
        (_predictor as IDisposable)?.Dispose();
    }

    private const string CurrentFormat = "nas-strategy/surrogate-screening/1";

    private sealed record State(string Format, int Screen, int Startup, string? Inner, string Random, int FittedOn, int LastSeed, int Fits, long ScreenedOut,
        int[][] Rows, double[] Scores, double[][] Predicted, double[][] HeldOut, double[][] HeldOutAll);

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
