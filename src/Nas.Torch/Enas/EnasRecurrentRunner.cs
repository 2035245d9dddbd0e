using System.Diagnostics;
using Nas.Spaces;
using Nas.Spaces.Recurrent;
using Nas.Torch.Data;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Text;
using Nas.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// ENAS over the recurrent DAG cell, as carpedm20/ENAS-pytorch runs it on Penn Treebank, one epoch at a time, saved
/// after any epoch and resumed in a new process with the results of an unbroken run. A language model whose cell is
/// an <see cref="EnasRecurrentSharedCell"/>; each epoch:
/// <list type="number">
/// <item>the shared weights: for every training window the controller samples a child, and one step of the language
/// model recipe trains that child's path (<see cref="EnasRecurrentOptions.Weights"/>: SGD, clipping, AR/TAR; the
/// hidden state carried, detached);</item>
/// <item>the controller: <see cref="EnasRecurrentOptions.ControllerSteps"/> REINFORCE updates, each on a sampled child
/// rewarded <c>c / perplexity</c> on the next validation window (eval mode, the windows in turn);</item>
/// <item>the derivation: <see cref="EnasRecurrentOptions.DeriveSamples"/> children sampled and scored on one validation
/// window; the best is the epoch's cell, and its perplexity on the whole validation split is reported.</item>
/// </list>
/// The controller learns on the validation split, so its numbers are search numbers; the derived cell is judged by
/// training it again (<c>nas train</c>) and measuring the test split.
/// </summary>
/// <remarks>
/// The controller samples from its own generator and the dropout masks come from the run's own copy of torch's
/// global generator, so what the caller does between epochs changes nothing. A checkpoint holds the model's weights,
/// the controller's LSTM, Adam's state, baseline and generator, the global generator and the epochs. Not thread-safe.
/// </remarks>
public sealed class EnasRecurrentRunner : CheckpointedRun<EnasRecurrentEpoch>
{
    private const string Kind = "enas recurrent";
    private const string ModelFile = "model.bin";

    private readonly int[] _validation;
    private readonly SearchSpace _space;
    private readonly RecurrentLanguageModel _network = null!;
    private readonly List<EnasRecurrentSharedCell> _cells = new();
    private readonly Parameter[] _parameters = null!;
    private readonly EnasController _controller = null!;
    private readonly Tensor _trainData = null!;
    private readonly Tensor _rewardData = null!;
    private readonly LanguageModelTrainer _evaluator;
    private int _rewardWindow;

    /// <summary>Builds the shared model (torch's global generator seeded by the weights' seed) and the controller, and batches both splits.</summary>
    /// <param name="options">The search's settings; checked first (<see cref="ArgumentOutOfRangeException"/> naming the property at fault).</param>
    /// <param name="tokens">The vocabulary's size.</param>
    /// <param name="model">The language model around the shared cell.</param>
    /// <param name="train">The training split's token ids (the shared weights learn on it).</param>
    /// <param name="validation">The validation split's token ids (the controller learns on it).</param>
    public EnasRecurrentRunner(EnasRecurrentOptions options, int tokens, LanguageModelOptions model, int[] train, int[] validation) : base("runner")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        Options = options.Validated();
        var w = Options.Weights;
        if (w.Device.type != DeviceType.CPU) throw new ArgumentException($"{nameof(LanguageTrainingOptions.Device)} of {nameof(options.Weights)}: the CPU only", nameof(options));
        _validation = validation;
        _space = RnnDagSpace.Create(Options.Space);
        _evaluator = new LanguageModelTrainer(w);
        // Outside the construction scope: the controller's LSTM and Adam's state live as long as the runner.
        _controller = new EnasController(_space, Options.Controller, w.Seed);
        try
        {
            using var scope = NewDisposeScope();
            manual_seed(w.Seed);
            int nodes = Options.Space.Nodes;
            _network = new RecurrentLanguageModel(tokens, model, (i, h, p) =>
            {
                var cell = new EnasRecurrentSharedCell(nodes, i, h, p);
                _cells.Add(cell);
                return cell;
            });
            foreach (var p in _network.parameters()) p.DetachFromDisposeScope();
            foreach (var b in _network.buffers()) b.DetachFromDisposeScope();
            _parameters = _network.parameters().ToArray();
            var trainIds = w.TrainTokens is { } n && n < train.Length ? train[..n] : train;
            _trainData = TextBatches.Batchify(trainIds, w.BatchSize).DetachFromDisposeScope();
            _rewardData = TextBatches.Batchify(validation, w.BatchSize).DetachFromDisposeScope();
            if (_rewardData.shape[0] < 2) throw new ArgumentException($"the validation split is too short for batches of {w.BatchSize} sequences", nameof(validation));
            RandomStream = new GlobalRandomStream();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The settings in effect (validated).</summary>
    public EnasRecurrentOptions Options { get; }

    /// <summary>The shared language model (for tests and inspection).</summary>
    public RecurrentLanguageModel Model => _network;

    /// <summary>The controller (for tests and inspection).</summary>
    public EnasController Controller => _controller;

    /// <summary>The rnn-dag space the controller samples.</summary>
    public SearchSpace Space => _space;

    /// <summary>Runs the next epoch and returns its record. Throws <see cref="TrainingDivergedException"/> on a non-finite loss; a failed epoch leaves the runner unusable.</summary>
    /// <param name="cancellationToken">Stops the epoch (<see cref="OperationCanceledException"/>).</param>
    public EnasRecurrentEpoch RunEpoch(CancellationToken cancellationToken = default) => RunNext(done => Epoch(done + 1, cancellationToken));

    /// <summary>Makes every layer compute <paramref name="child"/>.</summary>
    /// <param name="child">A cell of the runner's space.</param>
    public void Use(RecurrentGenotype child)
    {
        foreach (var cell in _cells) cell.Child = child;
    }

    private protected override int Epochs => Options.Weights.Epochs;

    private protected override IReadOnlyList<Parameter> SteppedParameters() => _parameters.Concat(_controller.Lstm.parameters()).ToArray();

    private protected override IEnumerable<string> Files => EnasController.Files.Append(ModelFile);

    private protected override void Write(CheckpointWriter writer, string fingerprint)
    {
        var controller = _controller.Save(writer);
        writer.State(Kind, fingerprint, new EnasRecurrentCheckpointState(Completed.Select(EnasRecurrentEpochJson.From).ToArray(), controller, _rewardWindow));
        writer.Module(ModelFile, _network);
    }

    private protected override (IReadOnlyList<EnasRecurrentEpoch> Epochs, Action Load) Read(CheckpointReader reader, string fingerprint)
    {
        var state = reader.State<EnasRecurrentCheckpointState>(Kind, fingerprint);
        if (state.Controller is null) throw reader.Damaged(CheckpointWriter.StateFile, "no controller state");
        return (ReadEpochs(reader, state.Epochs, e => e.ToEpoch(), e => e.Epoch), () =>
        {
            reader.Module(ModelFile, _network);
            _controller.Restore(reader, state.Controller, CheckpointWriter.StateFile);
            _rewardWindow = state.RewardWindow;
        });
    }

    private RecurrentGenotype Sample() => RnnDagSpace.ToGenotype(_controller.Sample());

    // One epoch (1-based) with the run's random stream swapped in; every tensor it makes is freed at its end.
    private EnasRecurrentEpoch Epoch(int epoch, CancellationToken cancellationToken)
    {
        var w = Options.Weights;
        using var epochScope = NewDisposeScope();
        var clock = Stopwatch.StartNew();

        // 1. The shared weights: a fresh child for every window.
        _network.train();
        double lossSum = 0;
        long counted = 0;
        int index = 0;
        var state = _network.InitialState(w.BatchSize);
        foreach (var window in LanguageModelTrainer.EpochWindows(_trainData.shape[0], w, epoch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            Use(Sample());
            double loss = LanguageModelTrainer.TrainWindow(_network, _parameters, _trainData, window, ref state, w, "ENAS shared weights", epoch, ++index);
            long count = window.Length * (long)w.BatchSize;
            counted += count;
            lossSum += loss * count;
        }
        state.Dispose();
        double tokensPerSecond = counted / clock.Elapsed.TotalSeconds;

        // 2. The controller: one child per validation window, in turn.
        double rewardSum = 0, entropySum = 0;
        for (int step = 0; step < Options.ControllerSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var child = _controller.Sample();
            double reward = Reward(RnnDagSpace.ToGenotype(child), _rewardWindow++);
            var learned = _controller.Learn(child, reward);
            rewardSum += reward;
            entropySum += learned.Entropy;
        }

        // 3. The derivation: the best of the sampled children on one validation window.
        RecurrentGenotype best = null!;
        double bestReward = double.NegativeInfinity;
        for (int i = 0; i < Options.DeriveSamples; i++)
        {
            var child = Sample();
            double reward = Reward(child, 0);
            if (reward > bestReward) (best, bestReward) = (child, reward);
        }
        Use(best);
        double validationLoss = _evaluator.Evaluate(_network, _validation);
        int steps = Options.ControllerSteps;
        return new EnasRecurrentEpoch
        {
            Epoch = epoch,
            Seconds = clock.Elapsed.TotalSeconds,
            TokensPerSecond = tokensPerSecond,
            TrainLoss = lossSum / counted,
            MeanReward = steps > 0 ? rewardSum / steps : double.NaN,
            Baseline = _controller.Baseline,
            Entropy = steps > 0 ? entropySum / steps : double.NaN,
            ValidationLoss = validationLoss,
            Genotype = best,
        };
    }

    // c / perplexity of a child on validation window k (of the nominal length, in turn), in eval mode from a zero state.
    private double Reward(RecurrentGenotype child, int k)
    {
        var w = Options.Weights;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Use(child);
        _network.eval();
        long windows = Math.Max(1, (_rewardData.shape[0] - 1) / w.Bptt);
        long start = k % windows * w.Bptt;
        long length = Math.Min(w.Bptt, _rewardData.shape[0] - 1 - start);
        var (logits, _) = _network.call(_rewardData.narrow(0, start, length), _network.InitialState(w.BatchSize));
        double loss = nn.functional.cross_entropy(logits, _rewardData.narrow(0, start + 1, length).reshape(-1)).item<float>();
        _network.train();
        if (!double.IsFinite(loss)) throw new TrainingDivergedException($"ENAS controller reward: the child's validation loss is {loss}");
        return Options.RewardConstant / Math.Exp(loss);
    }

    // The model, the controller and the batched splits.
    private protected override void Free()
    {
        _trainData?.Dispose();
        _rewardData?.Dispose();
        _controller?.Dispose();
        _network?.Dispose();
    }
}
