using System.Diagnostics;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Strategies;
using Nas.Torch.Data;
using Nas.Torch.Networks;
using Nas.Torch.OneShot;
using Nas.Torch.Runtime;
using Nas.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Enas;

/// <summary>
/// The ENAS search loop. Each epoch alternates (1) training the shared weights with SGD on the training
/// split, a fresh child sampled from the controller for every minibatch, and (2) training the controller
/// for a number of REINFORCE steps, each rewarding one sampled child with its accuracy on one validation
/// minibatch (the next of a reshuffled cycle through the validation split). <see cref="Derive"/> samples K
/// children at the end, scores each on the same validation minibatch and keeps the best.
/// </summary>
/// <remarks>
/// Shared weights: SGD with momentum, weight decay, gradient-norm clipping and a cosine learning rate over
/// the epochs (ENAS uses Nesterov momentum and cosine with warm restarts). Not Nesterov: with it on, TorchSharp
/// 0.107's <c>SGD.step</c> failed twice in real runs after a few hundred steps ("Expected false to be true"
/// from <c>Scalar::toFloat</c>); that Nesterov is the cause is a suspicion, not proven. Plain momentum is
/// the path <c>Trainer</c> uses. The graph stays in training mode throughout
/// (see <see cref="SharedNetwork"/> on batch norm). Every minibatch runs in its own dispose scope; the
/// trainer keeps plain numbers besides the graph, the controller and the optimisers. Deterministic on the
/// CPU for a seed: the graph's initial weights come from <c>torch.manual_seed(seed)</c>, the controller's
/// and every sample from seeded generators, the batch orders from <see cref="BatchIterator"/>'s seeds. The
/// epochs and <see cref="Derive"/> draw from the search's own copy of torch's global generator, so what the
/// caller does between epochs does not change them. <see cref="CheckpointedRun{TEpoch}.Save"/> after any
/// epoch and <see cref="CheckpointedRun{TEpoch}.TryRestore"/> into a new trainer continue the search exactly
/// as an unbroken one. A checkpoint holds the shared graph's weights and batch-norm statistics, SGD's momentum, the
/// controller's weights, Adam's state, its baseline and random state, which parameters have a gradient (the
/// optimisers step only those), the global generator's state, the validation cycle's position and the epochs.
/// </remarks>
public sealed class EnasTrainer : CheckpointedRun<EnasEpoch>
{
    private const string KindPrefix = "enas";
    private const string NetworkFile = "shared.bin";
    private const string OptimizerFile = "shared-optimizer.bin";
    private readonly ImageDataset _train;
    private readonly ImageDataset _validation;
    private readonly TrainingOptions _recipe;
    private readonly CosineSchedule _schedule;
    private readonly MomentumSgd _sgd;
    private readonly BatchIterator _trainBatches;
    private readonly BatchIterator _validationBatches;
    private long[] _validationOrder = Array.Empty<long>();
    private int _validationEpoch, _validationNext;

    /// <param name="space">An enas-cell or enas-macro space.</param>
    /// <param name="train">The training split (shared weights).</param>
    /// <param name="validation">The validation split (rewards).</param>
    /// <param name="recipe">Shared weights' SGD: epochs, batch size, learning rate, momentum, weight decay, clipping, seed.</param>
    /// <param name="options">ENAS settings; null for the defaults.</param>
    /// <param name="controller">Controller settings; null for the space's ENAS defaults.</param>
    public EnasTrainer(SearchSpace space, ImageDataset train, ImageDataset validation, TrainingOptions recipe,
        EnasSearchOptions? options = null, EnasControllerOptions? controller = null) : base("trainer")
    {
        Options = (options ?? new EnasSearchOptions()).Validated();
        _train = train;
        _validation = validation;
        _recipe = recipe;
        manual_seed(recipe.Seed);
        var input = new InputShape(train.Channels, train.Height, train.Width, train.Classes);
        Network = space.Name switch
        {
            EnasCellSpace.Name => new EnasMicroSharedNetwork(space, input, Options.Channels, Options.NormalCells),
            EnasMacroSpace.Name => new EnasMacroSharedNetwork(space, input, Options.Channels),
            _ => throw new ArgumentException($"ENAS searches the {EnasCellSpace.Name} and {EnasMacroSpace.Name} spaces, not {space.Name}", nameof(space)),
        };
        Controller = new EnasController(space, controller ?? DefaultController(space), recipe.Seed);
        _sgd = new MomentumSgd(Network.parameters(), recipe.Momentum, recipe.WeightDecay);
        _trainBatches = new BatchIterator(train, recipe.BatchSize, shuffle: true, seed: recipe.Seed, dropLast: train.Count > recipe.BatchSize);
        _validationBatches = new BatchIterator(validation, Math.Min(Options.ValidationBatchSize, validation.Count), shuffle: true, seed: recipe.Seed + 1, dropLast: true);
        _schedule = new CosineSchedule(recipe.LearningRate, recipe.MinLearningRate, Math.Max(1, recipe.Epochs));
        RandomStream = new GlobalRandomStream();
        // oneDNN for the shared graph where it is off for the process: the convolutions that some children (sampled
        // with their own generator, the search's untouched) reach are checked, the wrong ones and those none reached
        // run on libtorch's own kernels.
        _kernels = CpuKernels.AdmitOneDnnFor(Network, x =>
        {
            Tensor? y = null;
            for (int i = 0; i < CheckedChildren; i++) y = Network.call(x, ArchitectureSampler.Sample(space, new Random(i)));
            return y!;
        }, [input.Channels, input.Height, input.Width]);
    }

    // Children of the shared graph run by the oneDNN check: enough to reach nearly every convolution.
    private const int CheckedChildren = 16;
    private readonly OneDnnAdmission _kernels;

    /// <summary>The controller defaults of ENAS for the space (micro for enas-cell, macro otherwise).</summary>
    /// <param name="space">An enas-cell or enas-macro space.</param>
    public static EnasControllerOptions DefaultController(SearchSpace space) =>
        space.Name == EnasCellSpace.Name ? EnasControllerOptions.ForMicro() : EnasControllerOptions.ForMacro();

    /// <summary>The settings in effect.</summary>
    public EnasSearchOptions Options { get; }

    /// <summary>The shared graph.</summary>
    public SharedNetwork Network { get; }

    /// <summary>The controller.</summary>
    public EnasController Controller { get; }

    /// <summary>
    /// Runs one search epoch: shared weights, then controller; returns its record (also appended to
    /// <see cref="CheckpointedRun{TEpoch}.Completed"/>), even past the recipe's epochs. An epoch that throws
    /// (cancelled) leaves the trainer unusable: resume from the last checkpoint in a new trainer.
    /// </summary>
    /// <param name="cancel">Stops the epoch (<see cref="OperationCanceledException"/>).</param>
    public EnasEpoch RunEpoch(CancellationToken cancel = default) => RunNext(epoch => Epoch(epoch, cancel));

    // One epoch with the search's random stream swapped in; every tensor it makes is freed at its end.
    private EnasEpoch Epoch(int epoch, CancellationToken cancel)
    {
        using var epochScope = NewDisposeScope();
        var watch = Stopwatch.StartNew();
        double lr = _schedule.Rate(epoch);

        Network.train();
        int shared = 0;
        double lossSum = 0, correct = 0, seen = 0;
        int limit = Options.SharedSteps ?? _trainBatches.BatchCount;
        while (shared < limit)
        {
            foreach (var batch in _trainBatches.Epoch(epoch * 1000 + shared))
            {
                using var owned = batch;
                if (shared >= limit) break;
                cancel.ThrowIfCancellationRequested();
                var child = Controller.Sample();
                using var scope = NewDisposeScope();
                _sgd.ZeroGrad();
                var logits = Network.call(batch.Images, child);
                var loss = nn.functional.cross_entropy(logits, batch.Labels);
                loss.backward();
                if (_recipe.GradientClip > 0) nn.utils.clip_grad_norm_(Network.parameters(), _recipe.GradientClip);
                _sgd.Step(lr);
                lossSum += loss.item<float>() * batch.Count;
                correct += logits.argmax(1).eq(batch.Labels).sum().item<long>();
                seen += batch.Count;
                shared++;
            }
        }

        double rewardSum = 0, entropySum = 0, bestReward = double.NegativeInfinity;
        Architecture? best = null;
        for (int s = 0; s < Options.ControllerSteps; s++)
        {
            cancel.ThrowIfCancellationRequested();
            var child = Controller.Sample();
            using var batch = NextValidationBatch();
            double reward = Accuracy(child, batch);
            var step = Controller.Learn(child, reward);
            rewardSum += reward;
            entropySum += step.Entropy;
            if (reward > bestReward) (best, bestReward) = (child, reward);
        }
        return new EnasEpoch(epoch + 1, shared, lossSum / seen, correct / seen, Options.ControllerSteps, rewardSum / Options.ControllerSteps,
            Controller.Baseline ?? 0, entropySum / Options.ControllerSteps, best!, bestReward, lr, watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Samples <see cref="EnasSearchOptions.FinalSamples"/> children, scores each on the same validation
    /// minibatch (the first of a fixed order) and returns the best (the first sampled among equals) with its
    /// accuracy, and every child sampled with its own.
    /// </summary>
    public (Architecture Best, double Accuracy, IReadOnlyList<(Architecture Child, double Accuracy)> Sampled) Derive()
    {
        ThrowIfUnusable();
        using var random = RandomStream.Enter();
        var order = new BatchIterator(_validation, Math.Min(Options.ValidationBatchSize, _validation.Count), shuffle: true, seed: _recipe.Seed + 2, dropLast: true);
        using var batch = order.Epoch(0).First();
        var sampled = new List<(Architecture, double)>();
        for (int k = 0; k < Options.FinalSamples; k++)
        {
            var child = Controller.Sample();
            sampled.Add((child, Accuracy(child, batch)));
        }
        var (bestChild, bestAccuracy) = sampled.MaxBy(s => s.Item2);
        return (bestChild, bestAccuracy, sampled);
    }

    /// <summary>A child's accuracy on a batch through the shared weights (no gradients; batch statistics, as in ENAS).</summary>
    /// <param name="child">An architecture of the searched space.</param>
    /// <param name="batch">Images and labels.</param>
    public double Accuracy(Architecture child, Batch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = Network.call(batch.Images, child);
        return logits.argmax(1).eq(batch.Labels).sum().item<long>() / (double)batch.Count;
    }

    // The next minibatch of a reshuffled cycle through the validation split. The cycle's state is plain
    // numbers, so nothing outlives the call but the batch the caller disposes.
    private Batch NextValidationBatch()
    {
        int size = _validationBatches.BatchSize;
        if (_validationNext + size > _validationOrder.Length)
        {
            _validationOrder = _validationBatches.Order(_validationEpoch++);
            _validationNext = 0;
        }
        using var scope = NewDisposeScope();
        var indices = tensor(_validationOrder.AsSpan(_validationNext, size).ToArray());
        _validationNext += size;
        return new Batch(_validation.Images.index_select(0, indices), _validation.Labels.index_select(0, indices));
    }

    private protected override int Epochs => _recipe.Epochs;

    // Not limited: the trainer runs an epoch past the recipe's when asked, as it always has.
    private protected override bool Limited => false;

    private protected override IReadOnlyList<Parameter> SteppedParameters() => Network.parameters().Concat(Controller.Lstm.parameters()).ToArray();

    private protected override IEnumerable<string> Files => new[] { NetworkFile, OptimizerFile }.Concat(EnasController.Files);

    // A checkpoint of another space is refused by kind before its tensors are compared.
    private string Kind => $"{KindPrefix} {Network.Space.Name}";

    private protected override void Write(CheckpointWriter writer, string fingerprint)
    {
        writer.Module(NetworkFile, Network);
        writer.Binary(OptimizerFile, _sgd.SaveState);
        var controller = Controller.Save(writer);
        writer.State(Kind, fingerprint, new EnasCheckpointState(Completed.Select(EnasEpochJson.From).ToArray(), controller, _validationEpoch, _validationNext));
    }

    private protected override (IReadOnlyList<EnasEpoch> Epochs, Action Load) Read(CheckpointReader reader, string fingerprint)
    {
        var state = reader.State<EnasCheckpointState>(Kind, fingerprint);
        var epochs = ReadEpochs(reader, state.Epochs, e => e.ToEpoch(Network.Space), e => e.Epoch);
        if (state.Controller is null) throw reader.Damaged(CheckpointWriter.StateFile, "no controller state");
        if (state.ValidationEpoch < 0 || state.ValidationNext < 0 || state.ValidationNext > (state.ValidationEpoch == 0 ? 0 : _validation.Count))
            throw reader.Damaged(CheckpointWriter.StateFile, $"validation cycle {state.ValidationEpoch} at {state.ValidationNext}");
        return (epochs, () =>
        {
            reader.Module(NetworkFile, Network);
            reader.Binary(OptimizerFile, _sgd.LoadState);
            Controller.Restore(reader, state.Controller, CheckpointWriter.StateFile);
            _validationEpoch = state.ValidationEpoch;
            _validationNext = state.ValidationNext;
            _validationOrder = _validationEpoch > 0 ? _validationBatches.Order(_validationEpoch - 1) : Array.Empty<long>();
        });
    }

    // The shared graph, the controller and the optimisers.
    private protected override void Free()
    {
        _kernels?.Dispose();
        _sgd.Dispose();
        Controller.Dispose();
        Network.Dispose();
    }
}
