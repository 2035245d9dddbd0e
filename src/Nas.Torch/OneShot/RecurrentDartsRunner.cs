using System.Diagnostics;
using Nas.OneShot;
using Nas.Spaces.Recurrent;
using Nas.Torch.Data;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Text;
using Nas.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.OneShot;

/// <summary>
/// A differentiable search over the recurrent DAG cell, one epoch at a time, that can be saved after any epoch
/// and resumed from there in a new process with exactly the results of an unbroken run. A language model whose
/// cell is a <see cref="DagSearchCell"/>; each step takes a training window (variable length, the learning rate
/// scaled by it), and then one SGD step on the weights from the training loss (with AR/TAR and clipping):
/// <list type="bullet">
/// <item>DARTS (<c>rnn/train_search.py</c>), first order: before it, one Adam step on alpha from the loss of a
/// validation window at the same position.</item>
/// <item>DARTS, second order (<c>rnn/architect.py</c>): that alpha step takes the gradient at the weights after one
/// unrolled SGD step on the training window (<see cref="UnrolledGradient"/>, clipped as the reference clips).</item>
/// <item>SNAS: no validation window; the weights' step runs through a Gumbel-softmax sample of alpha at the
/// epoch's temperature, and alpha takes an Adam step from the same loss.</item>
/// </list>
/// Both hidden states are carried from window to window, detached, and start from zero each epoch. DARTS's alpha
/// learns on the validation split, as the reference does, so the validation perplexity reported is a search number
/// (of the supernet with softmax(alpha)); SNAS's is that of the derived cell with the supernet's weights. Either way
/// the derived cell is judged by training it again and measuring on the test split.
/// </summary>
/// <remarks>
/// The variable window lengths of epoch e are drawn from a generator seeded by (seed, e), so a resumed epoch
/// cuts the same windows. The model, alpha and Adam's state live from construction to disposal,
/// detached from every dispose scope; every window and every epoch runs in its own scope. The epochs draw
/// their dropout masks from the search's own copy of torch's global generator, so what the caller does between
/// epochs does not change them. A checkpoint holds the model's weights and batch-norm statistics, alpha, Adam's
/// state, which parameters have a gradient, the global generator's state and the epochs. Not thread-safe: one
/// call at a time.
/// </remarks>
public sealed class RecurrentDartsRunner : CheckpointedRun<RecurrentDartsEpoch>
{
    private const string GumbelFile = "gumbel.rng";
    private const string ModelFile = "model.bin";
    private const string AlphaFile = "alpha.bin";
    private const string AlphaOptimizerFile = "alpha-optimizer.bin";

    private readonly int[] _validation;
    private readonly RecurrentArchitectureWeights _alpha = null!;
    private readonly RecurrentLanguageModel _network = null!;
    private readonly Parameter[] _parameters = null!;
    private readonly AlphaAdam _alphaOptimizer = null!;
    private readonly Tensor _trainData = null!;
    private readonly Tensor _searchData = null!;
    private readonly LanguageModelTrainer _evaluator = null!;
    private readonly int _nominalWindows;
    private readonly Generator? _gumbel;

    /// <summary>
    /// Builds the model and alpha, seeded by the weights' seed (torch's global generator is seeded here and the
    /// model's initial weights drawn from it), and batches both splits.
    /// </summary>
    /// <param name="options">The search's settings; checked first (<see cref="ArgumentOutOfRangeException"/> naming the property at fault; <see cref="ArgumentException"/> for a device other than the CPU).</param>
    /// <param name="tokens">The vocabulary's size.</param>
    /// <param name="model">The language model around the search cell.</param>
    /// <param name="train">The training split's token ids (the weights learn on it).</param>
    /// <param name="validation">The validation split's token ids (alpha learns on it, and it is measured after every epoch).</param>
    public RecurrentDartsRunner(RecurrentDartsOptions options, int tokens, LanguageModelOptions model, int[] train, int[] validation) : base("runner")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        Options = options.Validated();
        var w = Options.Weights;
        if (w.Device.type != DeviceType.CPU)
            throw new ArgumentException($"{nameof(LanguageTrainingOptions.Device)} of {nameof(options.Weights)} {OneShotRunner.CpuOnly}", nameof(options));
        _validation = validation;
        try
        {
            // What construction leaves in this scope is freed at its end; what the search keeps is detached from it.
            using var scope = NewDisposeScope();
            manual_seed(w.Seed);
            _alpha = new RecurrentArchitectureWeights(Options.Nodes, w.Seed);
            var alpha = _alpha;
            _network = new RecurrentLanguageModel(tokens, model, (i, h, p) => new DagSearchCell(alpha, i, h, p));
            _network.to(w.Device);
            foreach (var p in _network.parameters()) p.DetachFromDisposeScope();
            foreach (var b in _network.buffers()) b.DetachFromDisposeScope();
            _parameters = _network.parameters().ToArray();
            _alphaOptimizer = new AlphaAdam(new[] { _alpha.Alpha }, Options.AlphaLearningRate, Options.AlphaBeta1, Options.AlphaBeta2, Options.AlphaWeightDecay);
            var trainIds = w.TrainTokens is { } n && n < train.Length ? train[..n] : train;
            _trainData = TextBatches.Batchify(trainIds, w.BatchSize).to(w.Device).DetachFromDisposeScope();
            _searchData = TextBatches.Batchify(validation, w.BatchSize).to(w.Device).DetachFromDisposeScope();
            long steps = _trainData.shape[0];
            _nominalWindows = (int)Math.Max(1, (steps - 1 + w.Bptt - 1) / w.Bptt);
            _evaluator = new LanguageModelTrainer(w);
            if (Options.Method == OneShotMethod.Snas) _gumbel = new Generator((ulong)w.Seed + 7919);
            RandomStream = new GlobalRandomStream();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The settings in effect (validated).</summary>
    public RecurrentDartsOptions Options { get; }

    /// <summary>The language model (its weights, for tests and inspection).</summary>
    public RecurrentLanguageModel Model => _network;

    /// <summary>Alpha (for tests and inspection).</summary>
    public RecurrentArchitectureWeights Alpha => _alpha;

    /// <summary>
    /// Runs the next epoch and returns its record (also appended to <see cref="CheckpointedRun{TEpoch}.Completed"/>).
    /// Progress is reported after every window, the last report carrying the record. Throws
    /// <see cref="TrainingDivergedException"/> on a non-finite loss. An epoch that throws (cancelled, diverged)
    /// leaves the runner unusable: resume from the last checkpoint in a new runner.
    /// </summary>
    /// <param name="progress">Gets the epoch's batches as they run; null for none.</param>
    /// <param name="cancellationToken">Stops the epoch (<see cref="OperationCanceledException"/>).</param>
    public RecurrentDartsEpoch RunEpoch(IProgress<RecurrentDartsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var record = RunNext(done => Epoch(done + 1, progress, cancellationToken));
        progress?.Report(new RecurrentDartsProgress(record.Epoch, Options.Weights.Epochs, _nominalWindows, _nominalWindows, record.TrainLoss, record));
        return record;
    }

    /// <summary>Runs a whole search: every epoch, no checkpoint. Progress as <see cref="RunEpoch"/> reports it.</summary>
    /// <param name="options">The search's settings.</param>
    /// <param name="tokens">The vocabulary's size.</param>
    /// <param name="model">The language model around the search cell.</param>
    /// <param name="train">The training split's token ids.</param>
    /// <param name="validation">The validation split's token ids.</param>
    /// <param name="progress">Gets every window report; null for none.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    public static IReadOnlyList<RecurrentDartsEpoch> Run(RecurrentDartsOptions options, int tokens, LanguageModelOptions model, int[] train, int[] validation,
        IProgress<RecurrentDartsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var runner = new RecurrentDartsRunner(options, tokens, model, train, validation);
        while (!runner.Finished) runner.RunEpoch(progress, cancellationToken);
        return runner.Completed.ToArray();
    }

    private protected override int Epochs => Options.Weights.Epochs;

    private protected override IReadOnlyList<Parameter> SteppedParameters() => _parameters.Append(_alpha.Alpha).ToArray();

    private protected override IEnumerable<string> Files => _gumbel is null
        ? new[] { ModelFile, AlphaFile, AlphaOptimizerFile }
        : new[] { ModelFile, AlphaFile, AlphaOptimizerFile, GumbelFile };

    // One method's checkpoint does not restore another's.
    private string Kind => Options.Method switch
    {
        OneShotMethod.DartsSecondOrder => "recurrent darts-2nd",
        OneShotMethod.Snas => "recurrent snas",
        _ => "recurrent darts",
    };

    private protected override void Write(CheckpointWriter writer, string fingerprint)
    {
        writer.State(Kind, fingerprint, new RecurrentDartsCheckpointState(Completed.Select(RecurrentDartsEpochJson.From).ToArray()));
        writer.Module(ModelFile, _network);
        writer.Tensors(AlphaFile, new Tensor[] { _alpha.Alpha });
        writer.Binary(AlphaOptimizerFile, _alphaOptimizer.SaveState);
        if (_gumbel is not null) writer.Generator(GumbelFile, _gumbel);
    }

    private protected override (IReadOnlyList<RecurrentDartsEpoch> Epochs, Action Load) Read(CheckpointReader reader, string fingerprint)
    {
        var state = reader.State<RecurrentDartsCheckpointState>(Kind, fingerprint);
        var gumbel = _gumbel is null ? null : reader.GeneratorState(GumbelFile, _gumbel);
        return (ReadEpochs(reader, state.Epochs, e => e.ToEpoch(), e => e.Epoch), () =>
        {
            if (gumbel is not null) CheckpointReader.Apply(_gumbel!, gumbel);
            reader.Module(ModelFile, _network);
            reader.Tensors(AlphaFile, new Tensor[] { _alpha.Alpha });
            reader.Binary(AlphaOptimizerFile, _alphaOptimizer.LoadState);
        });
    }

    // One epoch (1-based) with the search's random stream swapped in; every tensor it makes is freed at its end.
    private RecurrentDartsEpoch Epoch(int epoch, IProgress<RecurrentDartsProgress>? progress, CancellationToken cancellationToken)
    {
        var o = Options;
        var w = o.Weights;
        using var epochScope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        _network.train();
        double lossSum = 0;
        long counted = 0;
        int b = 0;
        long steps = _trainData.shape[0], searchSteps = _searchData.shape[0];
        var state = _network.InitialState(w.BatchSize, w.Device);
        var searchState = _network.InitialState(w.BatchSize, w.Device);
        double temperature = o.Method == OneShotMethod.Snas ? GumbelSoftmax.Temperature(epoch - 1, w.Epochs, o.TemperatureStart, o.TemperatureEnd) : double.NaN;
        // The epoch's own windows: their lengths follow from (seed, epoch) alone, as the batch orders do.
        foreach (var window in LanguageModelTrainer.EpochWindows(steps, w, epoch))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();

            double lossValue;
            if (o.Method == OneShotMethod.Snas)
            {
                // Weights and alpha from one loss, through the window's Gumbel-softmax sample of alpha.
                _alphaOptimizer.ZeroGrad();
                _alpha.Sample = GumbelSoftmax.Sample(_alpha.Alpha, temperature, _gumbel);
                try { lossValue = LanguageModelTrainer.TrainWindow(_network, _parameters, _trainData, window, ref state, w, "recurrent SNAS search", epoch, b + 1); }
                finally { _alpha.Sample = null; }
                _alphaOptimizer.Step();
            }
            else
            {
                // Alpha: the validation window at the same position (wrapped), nominal length.
                int start = (int)(window.Start % (searchSteps - 1));
                int length = (int)Math.Min(w.Bptt, searchSteps - 1 - start);
                var validX = _searchData.narrow(0, start, length);
                var validY = _searchData.narrow(0, start + 1, length).reshape(-1);
                _alphaOptimizer.ZeroGrad();
                Tensor searchNext;
                if (o.Method == OneShotMethod.DartsSecondOrder)
                    searchNext = SecondOrderGradient(window, state, validX, validY, searchState);
                else
                {
                    (var searchLogits, searchNext) = _network.call(validX, searchState);
                    nn.functional.cross_entropy(searchLogits, validY).backward();
                }
                _alphaOptimizer.Step();
                searchState.Dispose();
                searchState = searchNext.detach().MoveToOuterDisposeScope();

                // Weights: the training window, one step of the language-model recipe.
                lossValue = LanguageModelTrainer.TrainWindow(_network, _parameters, _trainData, window, ref state, w, "recurrent DARTS search", epoch, b + 1);
            }

            long count = window.Length * (long)w.BatchSize;
            counted += count;
            lossSum += lossValue * count;
            b++;
            progress?.Report(new RecurrentDartsProgress(epoch, w.Epochs, Math.Min(b, _nominalWindows), _nominalWindows, lossSum / counted));
        }
        state.Dispose();
        searchState.Dispose();
        double trainSeconds = clock.Elapsed.TotalSeconds;
        var p = _alpha.Probabilities();
        var genotype = RecurrentDerivation.Derive(p, o.Nodes);
        // SNAS scores the derived cell: its one-hot rows in place of alpha, the supernet's weights inherited.
        _alpha.Sample = o.Method == OneShotMethod.Snas ? OneHot(genotype) : null;
        double validLoss;
        try { validLoss = _evaluator.Evaluate(_network, _validation); }
        finally { _alpha.Sample = null; }
        return new RecurrentDartsEpoch
        {
            Epoch = epoch,
            Temperature = temperature,
            Seconds = clock.Elapsed.TotalSeconds,
            LearningRate = w.LearningRate,
            TokensPerSecond = counted / trainSeconds,
            TrainLoss = lossSum / counted,
            ValidationLoss = validLoss,
            Probabilities = p,
            Entropy = ArchitectureDistribution.Entropy(p),
            Genotype = genotype,
        };
    }

    // Second order: alpha's gradient at the weights after one unrolled step on the training window, with the
    // window's learning rate; returns the validation state after the window (at the unrolled weights, as the reference).
    private Tensor SecondOrderGradient(BpttWindows.Window window, Tensor state, Tensor validX, Tensor validY, Tensor searchState)
    {
        var w = Options.Weights;
        var trainX = _trainData.narrow(0, window.Start, window.Length);
        var trainY = _trainData.narrow(0, window.Start + 1, window.Length).reshape(-1);
        double eta = w.LearningRate * (w.VariableLength ? BpttWindows.LearningRateScale(window, w.Bptt) : 1.0);
        Tensor? searchNext = null;
        UnrolledGradient.Compute(_parameters, new[] { _alpha.Alpha },
            () => nn.functional.cross_entropy(_network.call(trainX, state).Item1, trainY),
            () =>
            {
                var (logits, next) = _network.call(validX, searchState);
                searchNext = next;
                return nn.functional.cross_entropy(logits, validY);
            },
            eta, w.WeightDecay, w.GradientClip, momentum: null, Options.EpsilonScale);
        return searchNext!;
    }

    // A derived cell as op weights of the supernet: on each node's chosen edge its activation's column is 1, all else 0.
    private Tensor OneHot(RecurrentGenotype genotype)
    {
        int ops = RecurrentDerivation.Ops.Count;
        var values = new float[RecurrentDerivation.Edges(Options.Nodes) * ops];
        for (int i = 1; i <= genotype.Steps.Length; i++)
        {
            var step = genotype.Steps[i - 1];
            values[(RecurrentDerivation.FirstEdge(i) + step.Input) * ops + RecurrentDerivation.Ops.ToList().IndexOf(step.Activation)] = 1f;
        }
        return tensor(values).reshape(RecurrentDerivation.Edges(Options.Nodes), ops).to(_alpha.Alpha.dtype).to(Options.Weights.Device);
    }

    // The model, alpha, Adam's state and the batched splits.
    private protected override void Free()
    {
        _trainData?.Dispose();
        _searchData?.Dispose();
        _alphaOptimizer?.Dispose();
        _network?.Dispose();
        _alpha?.Dispose();
        _gumbel?.Dispose();
    }
}
