using System.Text.Json;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Strategies;
using Nas.Torch.OneShot;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Controllers;

/// <summary>
/// NAS-RL: an <see cref="LstmController"/> samples architectures and learns from their rewards by
/// REINFORCE with an exponential-moving-average baseline, an entropy bonus, gradient-norm clipping and Adam.
/// </summary>
/// <remarks>
/// <para>Asynchronous. Each proposal's architecture (plain option indices) is kept until its result
/// arrives, in any order and however late; its log-probability is then computed afresh under the
/// current parameters. Once <see cref="ReinforceOptions.BatchSize"/> results have gathered the controller
/// takes one step on the mean loss of the batch (see <c>PolicyGradientLoss</c> for the one place the sign is written).</para>
/// <para>Baseline: the advantage of each result in a batch is its reward minus the baseline from before the
/// batch, and the batch's rewards are folded in afterwards, in arrival order
/// (<c>b = decay * b + (1 - decay) * r</c>). There is no baseline before the first batch; that batch
/// initialises it with its mean reward, so its advantages are centred on that mean (zero for a batch of
/// one) rather than all positive, as a zero start would make them.</para>
/// <para>Failed trials are rewarded 0 and learned from like any other. Each update is recorded in
/// <see cref="Steps"/> and announced by <see cref="StepCompleted"/>.</para>
/// <para>Deterministic for a seed on the CPU: the parameters start from a seeded generator and every
/// draw comes from a <see cref="SeededRandom"/>. Every sampling pass and update runs in its own dispose
/// scope; the strategy holds no tensors apart from the controller's parameters and Adam's state.</para>
/// </remarks>
public sealed class ReinforceStrategy : IStatefulStrategy, IStepLoggingStrategy, IWarmStartable, IDisposable
{
    private readonly SearchSpace _space;
    private readonly AlphaAdam _optimizer;
    private readonly Dictionary<long, Architecture> _pending = new();
    private readonly List<(long Id, Architecture Architecture, double Reward)> _waiting = new();
    private readonly List<ControllerStep> _steps = new();
    private readonly object _gate = new();
    private SeededRandom _random;
    private long _nextId;

    /// <param name="space">The space to search.</param>
    /// <param name="seed">Seeds the controller's initial parameters and every draw.</param>
    /// <param name="options">Learning settings; null for the defaults.</param>
    public ReinforceStrategy(SearchSpace space, int seed, ReinforceOptions? options = null)
    {
        _space = space;
        Options = (options ?? new ReinforceOptions()).Validated();
        Controller = new LstmController(space, Options.ControllerOrDefault, seed);
        _optimizer = NewOptimizer(Controller, Options);
        _random = new SeededRandom(seed ^ 0x5eed_c0de);
        _owns = true;
    }

    /// <summary>A replica that samples with its own random stream and learns into parameters it shares (see <see cref="ReinforceReplicas"/>).</summary>
    internal ReinforceStrategy(SearchSpace space, int seed, ReinforceOptions options, LstmController shared, AlphaAdam sharedOptimizer)
    {
        _space = space;
        Options = options.Validated();
        Controller = shared;
        _optimizer = sharedOptimizer;
        _random = new SeededRandom(seed ^ 0x5eed_c0de);
    }

    // Betas written out: torch.optim.Adam's factory defaults beta2 to 0.99, the paper's Adam uses 0.999.
    // AlphaAdam is torch's Adam with its Scalars held.
    internal static AlphaAdam NewOptimizer(LstmController controller, ReinforceOptions options) =>
        new(controller.parameters().ToArray(), options.LearningRate, beta1: 0.9, beta2: 0.999, weightDecay: 0);

    private readonly bool _owns;

    /// <inheritdoc/>
    public string Name => ReinforceRegistration.Registration.Name;

    /// <summary>
    /// A growing depth (with <see cref="SpaceAtDepth"/>): sample n is drawn in the space of
    /// <c>Depth.At(n, max)</c> layers, whose decisions are the first of this space's.
    /// </summary>
    public DepthSchedule? Depth { get; init; }

    /// <summary>The space of a given depth, capped at this space's (for example <c>MacroSpace.AtDepth</c>); required with <see cref="Depth"/>.</summary>
    public Func<int, SearchSpace>? SpaceAtDepth { get; init; }

    /// <summary>The space sample <paramref name="id"/> is drawn in.</summary>
    private SearchSpace SpaceFor(long id)
    {
        if (Depth is null) return _space;
        if (SpaceAtDepth is null) throw new InvalidOperationException("a depth schedule needs SpaceAtDepth");
        return SpaceAtDepth(Depth.At(id, int.MaxValue)); // the factory caps at the full space's depth
    }

    /// <summary>The settings in effect.</summary>
    public ReinforceOptions Options { get; }

    /// <summary>The controller being trained.</summary>
    public LstmController Controller { get; }

    /// <summary>The reward baseline, or null before the first update.</summary>
    public double? Baseline { get; private set; }

    /// <summary>Every controller update so far, in order.</summary>
    public IReadOnlyList<ControllerStep> Steps { get { lock (_gate) return _steps.ToArray(); } }

    /// <summary>Raised after each controller update (on the thread that told the last result of the batch).</summary>
    public event Action<ControllerStep>? StepCompleted;

    /// <inheritdoc/>
    public event Action<string, long, string>? StepLogged;

    /// <summary>Proposals asked but not yet told.</summary>
    public int Outstanding { get { lock (_gate) return _pending.Count; } }

    /// <summary>Results told but not yet learned from (fewer than a batch).</summary>
    public int Waiting { get { lock (_gate) return _waiting.Count; } }

    /// <inheritdoc/>
    public Proposal Ask()
    {
        lock (_gate)
        {
            long id = _nextId;
            var architecture = Controller.Sample(_random, SpaceFor(id));
            _nextId++;
            _pending[id] = architecture;
            return new Proposal(id, architecture);
        }
    }

    /// <inheritdoc/>
    public void Tell(Proposal proposal, TrialOutcome outcome)
    {
        ControllerStep? step = null;
        lock (_gate)
        {
            if (!_pending.Remove(proposal.Id, out var sampled))
                throw new ArgumentException($"proposal {proposal.Id} was not asked of this strategy, or was told already", nameof(proposal));
            _waiting.Add((proposal.Id, sampled, RewardFunction.Of(outcome, Options.Reward, Options.RewardEpochs)));
            if (_waiting.Count >= Options.BatchSize) step = Update();
        }
        if (step is not null) Raise(step);
    }

    private void Raise(ControllerStep step)
    {
        StepCompleted?.Invoke(step);
        StepLogged?.Invoke("controller", step.Step, JsonSerializer.Serialize(new
        {
            mean_reward = step.MeanReward, baseline = step.Baseline, entropy = step.Entropy, batch = Options.BatchSize,
        }));
    }

    /// <summary>
    /// Learns from an earlier experiment's results before the first ask: every batch of them is one controller update,
    /// as if the controller had sampled them. Off-policy: the gradient is not reweighted by how likely the controller
    /// was to sample each one, so the updates pull it towards the architectures that scored above the baseline rather
    /// than estimating its own gradient. They are logged like any other update; a last part batch waits for the first
    /// results of this search.
    /// </summary>
    /// <param name="results">Architectures of this space with their scores, oldest first.</param>
    public void WarmStart(IReadOnlyList<PriorResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var steps = new List<ControllerStep>();
        lock (_gate)
            foreach (var result in results)
            {
                _waiting.Add((-1, result.Architecture, RewardOf(TrialOutcome.Scored(result.Score))));
                if (_waiting.Count >= Options.BatchSize) steps.Add(Update());
            }
        foreach (var step in steps) Raise(step);
    }

    /// <summary>The reward this strategy gives an outcome (0 for a failure).</summary>
    /// <param name="outcome">How a trial ended.</param>
    public double RewardOf(TrialOutcome outcome) => RewardFunction.Of(outcome, Options.Reward, Options.RewardEpochs);

    private ControllerStep Update()
    {
        var batch = _waiting.ToArray();
        _waiting.Clear();
        double meanReward = batch.Average(r => r.Reward);
        double before = Baseline ?? meanReward;
        double entropy = 0;
        using (var scope = NewDisposeScope())
        {
            _optimizer.ZeroGrad();
            var losses = new List<Tensor>(batch.Length);
            foreach (var (_, architecture, reward) in batch)
            {
                var terms = Controller.Evaluate(architecture);
                losses.Add(PolicyGradientLoss.Of(terms, reward - before, Options.EntropyWeight, Controller.Options.SkipWeight));
                entropy += terms.Entropy.item<float>();
            }
            stack(losses).mean().backward();
            if (Options.MaxGradientNorm is { } max) nn.utils.clip_grad_norm_(Controller.parameters(), max);
            _optimizer.Step();
        }

        double baseline = before;
        if (Baseline is not null)
            foreach (var r in batch) baseline = Options.BaselineDecay * baseline + (1 - Options.BaselineDecay) * r.Reward;
        Baseline = baseline;
        var step = new ControllerStep(_steps.Count + 1, meanReward, baseline, entropy / batch.Length);
        _steps.Add(step);
        return step;
    }

    /// <summary>The whole state as JSON, to resume a search with <see cref="ImportState"/>.</summary>
    public string ExportState()
    {
        lock (_gate)
        {
            var state = new ReinforceState(ReinforceState.CurrentFormat, _space.Name, OptionsJson(), _random.ExportState(), _nextId, Baseline,
                _pending.OrderBy(p => p.Key).Select(p => new ReinforceState.Sampled(p.Key, p.Value.ValuesJson())).ToArray(),
                _waiting.Select(w => new ReinforceState.Result(w.Id, w.Reward, w.Architecture.ValuesJson())).ToArray(),
                _steps.ToArray(), Convert.ToBase64String(ControllerCheckpoint.Save(Controller)), Convert.ToBase64String(ControllerCheckpoint.Save(_optimizer)));
            return JsonSerializer.Serialize(state, ReinforceState.Json);
        }
    }

    /// <summary>
    /// Restores a state written by <see cref="ExportState"/> into this strategy, which must have been built
    /// for the same space with the same options; the search then continues as it would have.
    /// </summary>
    /// <param name="json">The text <see cref="ExportState"/> returned.</param>
    public void ImportState(string json)
    {
        ReinforceState state;
        try { state = JsonSerializer.Deserialize<ReinforceState>(json, ReinforceState.Json) ?? throw new JsonException("empty state"); }
        catch (JsonException e) { throw new NasUserException($"reinforce state is malformed: {e.Message}"); }
        if (state.Format != ReinforceState.CurrentFormat)
            throw new NasUserException($"reinforce state has format '{state.Format}', expected '{ReinforceState.CurrentFormat}'");
        if (state.Space != _space.Name)
            throw new NasUserException($"reinforce state is for the '{state.Space}' space, not '{_space.Name}'");
        if (state.Options.GetRawText() != OptionsJson().GetRawText())
            throw new NasUserException("reinforce state was written with other options than this strategy's");

        var pending = state.Pending.ToDictionary(p => p.Id, p => Architecture.FromValuesJson(SpaceFor(p.Id), p.Values));
        var waiting = state.Waiting.Select(w => (w.Id, Architecture.FromValuesJson(SpaceFor(w.Id), w.Values), w.Reward)).ToList();
        lock (_gate)
        {
            ControllerCheckpoint.Load(Controller, Convert.FromBase64String(state.Weights));
            ControllerCheckpoint.Load(_optimizer, Convert.FromBase64String(state.Optimizer));
            _random = SeededRandom.FromState(state.Random);
            _nextId = state.NextId;
            Baseline = state.Baseline;
            _pending.Clear();
            foreach (var (id, a) in pending) _pending[id] = a;
            _waiting.Clear();
            _waiting.AddRange(waiting);
            _steps.Clear();
            _steps.AddRange(state.Steps);
        }
    }

    private JsonElement OptionsJson() => JsonSerializer.SerializeToElement(Options with { Controller = Options.ControllerOrDefault }, ReinforceState.Json);

    /// <summary>Frees the controller's parameters and the optimiser's state.</summary>
    public void Dispose()
    {
        if (!_owns) return; // a replica's parameters belong to its replica set
        _optimizer.Dispose();
        Controller.Dispose();
    }
}
