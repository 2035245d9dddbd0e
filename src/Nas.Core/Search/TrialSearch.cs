using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nas.Evaluation;
using Nas.Execution;
using Nas.Execution.Pruning;
using Nas.Spaces;
using Nas.Store;
using Nas.Strategies;

namespace Nas.Search;

/// <summary>
/// A multi-trial search: a strategy proposes, an evaluator trains each child, the store keeps the queue and every
/// result (<see cref="ExperimentLoop"/>, or only the <see cref="Coordinator"/> when workers elsewhere train).
/// Resuming restores the strategy's saved state and puts the trials of dead local workers back in the queue.
/// Works with any strategy, evaluator and space, the closed-form ones of tests included.
/// </summary>
public sealed class TrialSearch : ISearch
{
    private readonly IReadOnlyList<IDisposable> _owned;
    private JsonObject? _configuration;

    /// <param name="space">The space searched.</param>
    /// <param name="strategy">Proposes architectures; disposed with the search when it is disposable.</param>
    /// <param name="evaluator">Trains or scores each child.</param>
    /// <param name="budget">When to stop.</param>
    /// <param name="seed">The experiment seed (each trial's seed is derived from it).</param>
    /// <param name="owned">Further resources (loaded data) to free with the search.</param>
    public TrialSearch(SearchSpace space, IStrategy strategy, IEvaluator evaluator, Budget budget, int seed = 1, params IDisposable[] owned)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(budget);
        budget.Validate();
        Space = space;
        Strategy = strategy;
        Evaluator = evaluator;
        Budget = budget;
        Seed = seed;
        _owned = owned;
    }

    /// <summary>The space searched.</summary>
    public SearchSpace Space { get; }

    /// <summary>The strategy.</summary>
    public IStrategy Strategy { get; }

    /// <summary>The evaluator (workers elsewhere build the same from the recorded request).</summary>
    public IEvaluator Evaluator { get; }

    /// <summary>When to stop.</summary>
    public Budget Budget { get; }

    /// <summary>The experiment seed.</summary>
    public int Seed { get; }

    /// <summary>Leases, heartbeats and retries of the trial queue.</summary>
    public QueueSettings Queue { get; init; } = new();

    /// <summary>The early-stopping rule.</summary>
    public IPruner Pruner { get; init; } = new NoPruner();

    /// <summary>With no local workers: trials kept waiting beyond those running.</summary>
    public int Pending { get; init; } = 2;

    /// <summary>The request it was built from (a plain one naming the strategy and space when built in code).</summary>
    public SearchRequest Request { get; init; } = null!;

    /// <summary>The data, in words, for displays.</summary>
    public string Data { get; init; } = "";

    /// <summary>How each child is evaluated, in words, for displays.</summary>
    public string Plan { get; init; } = "";

    /// <summary>Settings that work but probably not as meant, reported when the search starts.</summary>
    public IReadOnlyList<SearchWarning> Warnings { get; init; } = [];

    /// <summary>The figures shown for the best trial; by default its validation accuracy and parameters.</summary>
    public Func<TrialRecord, IReadOnlyList<SearchFigure>> BestFigures { get; init; } = t =>
        [SearchFigure.Fraction("validation_accuracy", t.ValidationAccuracy ?? double.NaN), SearchFigure.Count("parameters", t.Parameters ?? 0)];

    SearchRequest ISearch.Request => Request ?? new SearchRequest { Method = Strategy.Name, Space = Space.Name, Seed = Seed };

    /// <summary>What is recorded: given at construction, or the strategy, space, seed, budget, queue and pruner.</summary>
    public JsonObject Configuration
    {
        get => _configuration ??= new JsonObject
        {
            ["method"] = Strategy.Name,
            ["space"] = new JsonObject { ["name"] = Space.Name, ["settings"] = JsonNode.Parse(Space.Settings.GetRawText()) },
            ["seed"] = Seed,
            ["settings"] = new JsonObject
            {
                ["budget"] = new JsonObject { ["trials"] = Budget.MaxTrials, ["time"] = Budget.MaxDuration is { } d ? DurationText.Format(d) : null },
                ["queue"] = new JsonObject { ["lease"] = DurationText.Format(Queue.Lease), ["max_attempts"] = Queue.MaxAttempts, ["pending"] = Pending },
                ["pruner"] = JsonSerializer.SerializeToNode(new { name = Pruner.Name, settings = Pruner.Describe() }),
            },
        };
        init => _configuration = value;
    }

    /// <summary>Runs the trials until the budget is spent (counting the trials already in a resumed store).</summary>
    /// <param name="session">The store, the directory, the observer, whether to resume, the local workers (0: only the strategy runs here).</param>
    /// <param name="cancellationToken">Stops the search; running trials go back to the queue.</param>
    public async Task<SearchResult> RunAsync(SearchSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (session.Workers < 0) throw new ArgumentOutOfRangeException(nameof(session), session.Workers, "workers must not be negative");
        var store = session.Store;
        var observer = session.Observer;
        var clock = Stopwatch.StartNew();
        SearchResumed? resumed = null;
        if (session.Resume)
        {
            int back = LocalWorkers.RequeueDead(store);
            bool restored = Coordinator.Restore(Strategy, store);
            var c = store.Counts();
            resumed = new SearchResumed((int)c.Total, (int)(c.Total - c.Untold), (int)c.Pending, back, restored, 0);
        }
        observer?.Started(new SearchStart(Strategy.Name, Space, Data, Plan, store.Location, resumed));
        foreach (var w in Warnings) observer?.Warning(w);

        ExperimentSummary summary;
        using (var journal = new StrategyJournal(Strategy, store, observer))
        {
            summary = session.Workers == 0
                ? await new Coordinator(Strategy, store, Seed, Queue) { Pending = Pending }.RunAsync(Budget, journal, null, cancellationToken).ConfigureAwait(false)
                : await new ExperimentLoop(Strategy, Evaluator, store, Seed, session.Workers) { Queue = Queue, Pruner = Pruner }.RunAsync(Budget, journal, cancellationToken).ConfigureAwait(false);
        }

        var best = TrialRecords.Best(store.Trials());
        var architecture = summary.Best?.Architecture;
        var result = new SearchResult { Trials = summary, Cancelled = summary.Cancelled, Elapsed = clock.Elapsed };
        if (best is null || architecture is null) return result;
        var kind = SpaceCatalog.Default.Find(Space.Name);
        return result with
        {
            Best = architecture,
            BestTrial = best.Id,
            Figures = BestFigures(best),
            Artifacts = [new SearchArtifact("best.json", architecture.ToJson()), .. kind?.Artifacts(architecture) ?? []],
        };
    }

    /// <summary>A worker for this search's queue, training with its evaluator and pruning rule (for workers in other processes).</summary>
    /// <param name="name">The worker's name in the store.</param>
    /// <param name="store">The experiment's store.</param>
    /// <param name="alone">Whether it is the only worker evaluating trials in its process (<see cref="Evaluation.TrialContext.Alone"/>).</param>
    public TrialWorker CreateWorker(string name, IExperimentStore store, bool alone = false) => new(name, store, Evaluator, Queue, Pruner, alone: alone);

    /// <summary>Frees the strategy (when disposable) and the data.</summary>
    public void Dispose()
    {
        Strategy.Dispose();
        foreach (var o in _owned) o.Dispose();
    }
}
