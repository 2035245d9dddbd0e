using System.Diagnostics;
using Nas.Architectures;
using Nas.Spaces;
using Nas.Spaces.Cells;
using Nas.Spaces.Macro;
using Nas.Torch.Data;
using Nas.Torch.Networks;
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
/// and every sample from seeded generators, the batch orders from <see cref="BatchIterator"/>'s seeds.
/// </remarks>
public sealed class EnasTrainer : IDisposable
{
    private readonly ImageDataset _train;
    private readonly ImageDataset _validation;
    private readonly TrainingOptions _recipe;
    private readonly SGD _sgd;
    private readonly BatchIterator _trainBatches;
    private readonly BatchIterator _validationBatches;
    private long[] _validationOrder = Array.Empty<long>();
    private int _validationEpoch, _validationNext;
    private int _epochs;

    /// <param name="space">An enas-cell or enas-macro space.</param>
    /// <param name="train">The training split (shared weights).</param>
    /// <param name="validation">The validation split (rewards).</param>
    /// <param name="recipe">Shared weights' SGD: epochs, batch size, learning rate, momentum, weight decay, clipping, seed.</param>
    /// <param name="options">ENAS settings; null for the defaults.</param>
    /// <param name="controller">Controller settings; null for the space's ENAS defaults.</param>
    public EnasTrainer(SearchSpace space, ImageDataset train, ImageDataset validation, TrainingOptions recipe,
        EnasSearchOptions? options = null, EnasControllerOptions? controller = null)
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
            _ => throw new NasUserException($"--strategy enas searches the {EnasCellSpace.Name} and {EnasMacroSpace.Name} spaces, not {space.Name}"),
        };
        Controller = new EnasController(space, controller ?? DefaultController(space), recipe.Seed);
        _sgd = optim.SGD(Network.parameters(), recipe.LearningRate, recipe.Momentum, weight_decay: recipe.WeightDecay);
        _trainBatches = new BatchIterator(train, recipe.BatchSize, shuffle: true, seed: recipe.Seed, dropLast: train.Count > recipe.BatchSize);
        _validationBatches = new BatchIterator(validation, Math.Min(Options.ValidationBatchSize, validation.Count), shuffle: true, seed: recipe.Seed + 1, dropLast: true);
    }

    /// <summary>The controller defaults of ENAS for the space (micro for enas-cell, macro otherwise).</summary>
    public static EnasControllerOptions DefaultController(SearchSpace space) =>
        space.Name == EnasCellSpace.Name ? EnasControllerOptions.ForMicro() : EnasControllerOptions.ForMacro();

    /// <summary>The settings in effect.</summary>
    public EnasSearchOptions Options { get; }

    /// <summary>The shared graph.</summary>
    public SharedNetwork Network { get; }

    /// <summary>The controller.</summary>
    public EnasController Controller { get; }

    /// <summary>Runs one search epoch: shared weights, then controller.</summary>
    public EnasEpoch RunEpoch(CancellationToken cancel = default)
    {
        var watch = Stopwatch.StartNew();
        int epoch = _epochs;
        double lr = _recipe.MinLearningRate + 0.5 * (_recipe.LearningRate - _recipe.MinLearningRate) * (1 + Math.Cos(Math.PI * epoch / Math.Max(1, _recipe.Epochs)));
        foreach (var group in _sgd.ParamGroups) group.LearningRate = lr;

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
                _sgd.zero_grad();
                var logits = Network.call(batch.Images, child);
                var loss = nn.functional.cross_entropy(logits, batch.Labels);
                loss.backward();
                if (_recipe.GradientClip > 0) nn.utils.clip_grad_norm_(Network.parameters(), _recipe.GradientClip);
                _sgd.step();
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
        _epochs++;
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

    public void Dispose()
    {
        _sgd.Dispose();
        Controller.Dispose();
        Network.Dispose();
    }
}
