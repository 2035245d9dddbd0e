using Nas.Architectures;
using Nas.Evaluation;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Runtime;
using Nas.Torch.Statistics;
using Nas.Torch.Text;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Torch.Evaluation;

/// <summary>
/// Evaluates a recurrent architecture (<c>rnn-dag</c>, <c>rnn-tree</c>) by training its language model from
/// scratch on the corpus's training split and measuring validation perplexity (the test split is never read).
/// <see cref="TrialMetrics"/> carries it without a new field: <c>ValidationLoss</c> is the best epoch's
/// cross-entropy in nats per token (perplexity = exp of it), and <c>ValidationAccuracy</c>, which the loop
/// maximises, is <c>exp(-loss)</c> = 1/perplexity: the geometric-mean probability given to the right next
/// token. Lower perplexity is therefore a higher objective, and the order of trials is the order of
/// perplexities. Multiply-adds are reported as 0 (not measured for recurrent models).
/// The whole trial runs in one dispose scope and the model is disposed at the end.
/// </summary>
public sealed class LanguageModelEvaluator : IEvaluator
{
    private readonly TextCorpus _corpus;
    private readonly LanguageModelOptions _model;
    private readonly LanguageTrainingOptions _training;

    /// <param name="corpus">The corpus: children learn on its training split and are scored on its validation split.</param>
    /// <param name="model">The language model around each child's cell (size, layers, dropouts).</param>
    /// <param name="training">The recipe; its seed is replaced by each trial's.</param>
    public LanguageModelEvaluator(TextCorpus corpus, LanguageModelOptions model, LanguageTrainingOptions training)
    {
        _corpus = corpus;
        _model = model.Validated();
        _training = training.Validated();
    }

    private static readonly object BuildGate = new();

    /// <summary>The parameters of the architecture's language model, built and freed at once (multiply-adds: 0, latency: null, not measured).</summary>
    /// <param name="architecture">The architecture to measure.</param>
    public (long Parameters, long MultiplyAdds, double? LatencyMilliseconds) Measure(Architecture architecture) =>
        // Off the asking thread, as TrainingEvaluator.Measure; under the gate, so a trial's seeded build is not disturbed.
        CpuKernels.OffThisThread(() =>
        {
            using var scope = NewDisposeScope();
            nn.Module built;
            lock (BuildGate) built = RecurrentNetworks.Build(architecture, _corpus.Vocabulary.Count, _model);
            using var model = built;
            return (ModelStatistics.Parameters(model), 0L, (double?)null);
        });

    /// <summary>Trains the architecture's language model from the trial's seed; its objective is 1/perplexity of the best epoch.</summary>
    /// <param name="architecture">The architecture to train.</param>
    /// <param name="context">The trial's seed (its recipe's and the network's) and where to report each epoch.</param>
    /// <param name="cancellationToken">Stops the training (<see cref="OperationCanceledException"/>).</param>
    public Task<TrialMetrics> EvaluateAsync(Architecture architecture, TrialContext context, CancellationToken cancellationToken)
    {
        try { return Evaluate(architecture, context, cancellationToken); }
        catch (Exception e) when (Runtime.OutOfMemory.TryDescribe(e, out var message)) { throw new NasUserException(message, e); }
    }

    private Task<TrialMetrics> Evaluate(Architecture architecture, TrialContext context, CancellationToken cancellationToken)
    {
        using var scope = NewDisposeScope();
        RecurrentLanguageModel built;
        // Seeding and building share libtorch's global generator: parallel trials and size checks take turns.
        lock (BuildGate)
        {
            TorchRuntime.Seed(context.Seed);
            built = RecurrentNetworks.Build(architecture, _corpus.Vocabulary.Count, _model);
        }
        using var model = built;
        long parameters = ModelStatistics.Parameters(model);
        var trainer = new LanguageModelTrainer(_training with { Seed = context.Seed });
        var result = trainer.Train(model, _corpus.Train, _corpus.Validation, context.Progress, cancellationToken);
        return Task.FromResult(new TrialMetrics(Math.Exp(-result.BestValidationLoss), result.BestValidationLoss, parameters, 0, result.Seconds, result.Epochs));
    }
}
