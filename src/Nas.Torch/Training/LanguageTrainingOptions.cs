using static TorchSharp.torch;

namespace Nas.Torch.Training;

/// <summary>
/// The AWD-style recipe for language models: plain SGD at a high learning rate with gradient-norm
/// clipping and weight decay, truncated back-propagation through time (fixed or variable windows, the
/// learning rate scaled by the window length), then averaged SGD: from the switch on, the model that is
/// evaluated (and kept) is the running average of the weights after every step. The switch happens at a
/// fixed epoch, or (AWD's non-monotone trigger) when the validation loss is worse than the best of the
/// epochs before the last <see cref="Nonmono"/>.
/// </summary>
public sealed record LanguageTrainingOptions
{
    /// <summary>Training epochs, at least 1.</summary>
    public int Epochs { get; init; } = 2;
    /// <summary>Sequences per training minibatch (columns of the batchified split).</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Columns of the batchified validation split (AWD: 10).</summary>
    public int EvaluationBatchSize { get; init; } = 10;
    /// <summary>Nominal window length of truncated back-propagation.</summary>
    public int Bptt { get; init; } = 35;
    /// <summary>AWD variable-length windows (otherwise fixed).</summary>
    public bool VariableLength { get; init; } = true;
    /// <summary>SGD learning rate, scaled per window by its length (default 20).</summary>
    public double LearningRate { get; init; } = 20;
    /// <summary>L2 weight decay (default 8e-7).</summary>
    public double WeightDecay { get; init; } = 8e-7;
    /// <summary>Maximum gradient norm; 0 turns clipping off.</summary>
    public double GradientClip { get; init; } = 0.25;
    /// <summary>Turn averaged SGD on at all.</summary>
    public bool Averaging { get; init; } = true;
    /// <summary>Epoch after which averaging starts; 0 uses the non-monotone trigger.</summary>
    public int AverageAfterEpoch { get; init; }
    /// <summary>Non-monotone interval of the trigger (AWD: 5).</summary>
    public int Nonmono { get; init; } = 5;
    /// <summary>At most this many training tokens per epoch (the start of the split); null: all.</summary>
    public int? TrainTokens { get; init; }
    /// <summary>AR: weight of the mean squared (dropped-out) output of the last layer (AWD: 2; DARTS: 0).</summary>
    public double ActivationRegularization { get; init; }
    /// <summary>TAR: weight of the mean squared change of the last layer's raw output between steps (AWD and DARTS: 1e-3).</summary>
    public double TemporalRegularization { get; init; } = 1e-3;
    /// <summary>Seeds the variable window lengths (dropout follows libtorch's global generator, which the caller seeds).</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Where the model trains.</summary>
    public Device Device { get; init; } = CPU;

    /// <summary>Checks every value; throws <see cref="ArgumentOutOfRangeException"/> naming the property.</summary>
    public LanguageTrainingOptions Validated()
    {
        static void Check(bool ok, string name, object value, string rule)
        {
            if (!ok) throw new ArgumentOutOfRangeException(name, value, rule);
        }
        Check(Epochs >= 1, nameof(Epochs), Epochs, "must be at least 1");
        Check(ActivationRegularization >= 0, nameof(ActivationRegularization), ActivationRegularization, "must not be negative");
        Check(TemporalRegularization >= 0, nameof(TemporalRegularization), TemporalRegularization, "must not be negative");
        Check(BatchSize >= 1, nameof(BatchSize), BatchSize, "must be at least 1");
        Check(EvaluationBatchSize >= 1, nameof(EvaluationBatchSize), EvaluationBatchSize, "must be at least 1");
        Check(Bptt >= 2, nameof(Bptt), Bptt, "must be at least 2");
        Check(LearningRate > 0, nameof(LearningRate), LearningRate, "must be positive");
        Check(WeightDecay >= 0, nameof(WeightDecay), WeightDecay, "must not be negative");
        Check(GradientClip >= 0, nameof(GradientClip), GradientClip, "must not be negative");
        Check(AverageAfterEpoch >= 0, nameof(AverageAfterEpoch), AverageAfterEpoch, "must not be negative");
        Check(Nonmono >= 1, nameof(Nonmono), Nonmono, "must be at least 1");
        return this;
    }
}
