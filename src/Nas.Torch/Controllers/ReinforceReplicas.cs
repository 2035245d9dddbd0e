using System.Text.Json;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Torch.OneShot;
using TorchSharp.Modules;

namespace Nas.Torch.Controllers;

/// <summary>
/// NAS-RL's K controller replicas sharing one set of parameters (the paper's parameter server): each
/// replica samples with its own random stream and keeps its own batch of m results and its own baseline;
/// when a replica's batch is complete its gradient step goes into the shared parameters, which every replica
/// samples from next. Proposals go to the replicas in turn, so with W workers each replica's children are
/// trained at once with the others', and updates arrive asynchronously, from samples drawn under older
/// parameters, as they would through a parameter server.
/// </summary>
/// <remarks>All replicas live in this process (the search's coordinator); the shared parameters and every
/// replica's state are saved together, so a resumed search restores the set.</remarks>
public sealed class ReinforceReplicas : IStatefulStrategy, IStepLoggingStrategy, IDisposable
{
    private const string Format = "reinforce-replicas/1";
    private readonly SearchSpace _space;
    private readonly ReinforceStrategy[] _replicas;
    private readonly AlphaAdam _optimizer;
    private readonly Dictionary<long, (int Replica, long Local)> _routes = new();
    private readonly object _gate = new();
    private long _nextId;
    private int _nextReplica;
    private int _steps;

    /// <param name="space">The space to search.</param>
    /// <param name="seed">The search's seed; replica k draws from its own stream, seeded from it.</param>
    /// <param name="options">The controller and REINFORCE settings, the same for every replica (<see cref="ReinforceOptions.BatchSize"/> is each replica's m).</param>
    /// <param name="replicas">K, the number of replicas (at least 1).</param>
    public ReinforceReplicas(SearchSpace space, int seed, ReinforceOptions options, int replicas)
    {
        if (replicas < 1) throw new ArgumentOutOfRangeException(nameof(replicas), replicas, "must be at least 1");
        _space = space;
        Options = options.Validated();
        Controller = new LstmController(space, Options.ControllerOrDefault, seed);
        _optimizer = ReinforceStrategy.NewOptimizer(Controller, Options);
        _replicas = Enumerable.Range(0, replicas)
            .Select(k => new ReinforceStrategy(space, unchecked(seed + 7919 * k), Options, Controller, _optimizer)).ToArray();
        for (int k = 0; k < replicas; k++)
        {
            int replica = k;
            _replicas[k].StepCompleted += step => OnStep(replica, step);
        }
    }

    /// <inheritdoc/>
    public string Name => ReinforceRegistration.Registration.Name;

    /// <summary>The settings every replica uses, checked.</summary>
    public ReinforceOptions Options { get; }

    /// <summary>The shared controller.</summary>
    public LstmController Controller { get; }

    /// <summary>How many replicas there are.</summary>
    public int Count => _replicas.Length;

    /// <summary>Each replica's controller updates so far.</summary>
    public IReadOnlyList<IReadOnlyList<ControllerStep>> Steps => _replicas.Select(r => r.Steps).ToArray();

    /// <inheritdoc/>
    public event Action<string, long, string>? StepLogged;

    /// <summary>The next replica in turn samples an architecture from the shared controller; proposals are numbered across replicas.</summary>
    public Proposal Ask()
    {
        lock (_gate)
        {
            int k = _nextReplica;
            _nextReplica = (_nextReplica + 1) % _replicas.Length;
            var local = _replicas[k].Ask();
            long id = _nextId++;
            _routes[id] = (k, local.Id);
            return new Proposal(id, local.Architecture);
        }
    }

    /// <summary>Gives the result to the replica that proposed it; a replica whose batch is full updates the shared controller. Throws <see cref="ArgumentException"/> for a proposal it did not make or was told already.</summary>
    /// <param name="proposal">A proposal this strategy made and has not been told of.</param>
    /// <param name="outcome">How its trial ended.</param>
    public void Tell(Proposal proposal, TrialOutcome outcome)
    {
        ReinforceStrategy replica;
        long local;
        lock (_gate)
        {
            if (!_routes.Remove(proposal.Id, out var route))
                throw new ArgumentException($"proposal {proposal.Id} was not asked of this strategy, or was told already", nameof(proposal));
            replica = _replicas[route.Replica];
            local = route.Local;
        }
        replica.Tell(new Proposal(local, proposal.Architecture), outcome);
    }

    private void OnStep(int replica, ControllerStep step)
    {
        int n = Interlocked.Increment(ref _steps);
        StepLogged?.Invoke("controller", n, JsonSerializer.Serialize(new
        {
            replica = replica + 1, replica_step = step.Step, mean_reward = step.MeanReward, baseline = step.Baseline, entropy = step.Entropy, batch = Options.BatchSize,
        }));
    }

    /// <summary>Every replica's state, the shared controller and Adam, and the proposals still out, as JSON.</summary>
    public string ExportState()
    {
        lock (_gate)
            return JsonSerializer.Serialize(new State(Format, _space.Name, _replicas.Length, _nextId, _nextReplica, _steps,
                _routes.OrderBy(r => r.Key).Select(r => new[] { r.Key, r.Value.Replica, r.Value.Local }).ToArray(),
                _replicas.Select(r => r.ExportState()).ToArray()));
    }

    /// <summary>Continues from an exported state; throws <see cref="NasUserException"/> when it is malformed or of another number of replicas.</summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    public void ImportState(string json)
    {
        State? state;
        try { state = JsonSerializer.Deserialize<State>(json); }
        catch (JsonException e) { throw new NasUserException($"reinforce replicas state is malformed: {e.Message}"); }
        if (state is null || state.Format != Format)
            throw new NasUserException($"the saved reinforce state is not of {_replicas.Length} replicas (format '{state?.Format ?? "none"}'); resume with the number of replicas it was started with");
        if (state.Replicas != _replicas.Length)
            throw new NasUserException($"the saved reinforce state has {state.Replicas} replicas, this search {_replicas.Length}");
        lock (_gate)
        {
            for (int k = 0; k < _replicas.Length; k++) _replicas[k].ImportState(state.States[k]);
            _nextId = state.NextId;
            _nextReplica = state.NextReplica;
            _steps = state.StepsLogged;
            _routes.Clear();
            foreach (var r in state.Routes) _routes[r[0]] = ((int)r[1], r[2]);
        }
    }

    /// <summary>Frees the shared controller, its optimiser and every replica's native state.</summary>
    public void Dispose()
    {
        _optimizer.Dispose();
        Controller.Dispose();
    }

    private sealed record State(string Format, string Space, int Replicas, long NextId, int NextReplica, int StepsLogged, long[][] Routes, string[] States);
}
