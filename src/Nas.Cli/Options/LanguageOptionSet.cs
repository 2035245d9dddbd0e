using System.CommandLine;
using System.CommandLine.Parsing;
using Nas.Spaces.Recurrent;
using Nas.Torch.Networks.Recurrent;
using Nas.Torch.Runtime;
using Nas.Torch.Training;

namespace Nas.Cli.Options;

/// <summary>
/// The options of language modelling (<c>--dataset ptb|text:FILE</c>, spaces <c>rnn-dag</c> and <c>rnn-tree</c>).
/// The shared recipe options keep their names but take language-model defaults when not given:
/// learning rate 20, batch size 64, gradient clip 0.25, weight decay 8e-7, one libtorch thread.
/// </summary>
internal sealed class LanguageOptionSet
{
    public Option<int> HiddenSize { get; }
    public Option<int> Layers { get; } = OptionFactory.Create("--rnn-layers", "Language models: recurrent layers", 1).AtLeast(1);
    public Option<int> Bptt { get; } = OptionFactory.Create("--bptt", "Language models: truncated back-propagation window (AWD variable length around it)", 35).AtLeast(2);
    public Option<bool> FixedBptt { get; } = OptionFactory.Create("--fixed-bptt", "Language models: fixed windows instead of AWD variable-length ones", false);
    public Option<double> DropoutEmbedding { get; } = OptionFactory.Create("--dropout-embedding", "Language models: dropout of whole words from the embedding", 0.1).NonNegative();
    public Option<double> DropoutInput { get; } = OptionFactory.Create("--dropout-input", "Language models: locked dropout on the embedded input", 0.2).NonNegative();
    public Option<double> DropoutHidden { get; } = OptionFactory.Create("--dropout-hidden", "Language models: dropout mask on the recurrent state (and between layers)", 0.25).NonNegative();
    public Option<double> DropoutOutput { get; } = OptionFactory.Create("--dropout-output", "Language models: locked dropout before the decoder", 0.4).NonNegative();
    public Option<bool> Asgd { get; } = OptionFactory.Create("--asgd", "Language models: switch from SGD to averaged SGD (true/false)", true);
    public Option<int> AsgdAfter { get; } = OptionFactory.Create("--asgd-after", "Language models: average from this epoch on (0: AWD's non-monotone trigger)", 0).AtLeast(0);
    public Option<double> Ar { get; } = OptionFactory.Create("--ar", "Language models: AR, weight of the squared last-layer output (AWD 2, DARTS 0)", 0.0).NonNegative();
    public Option<double> Tar { get; } = OptionFactory.Create("--tar", "Language models: TAR, weight of the squared step-to-step change of the last layer's output (AWD and DARTS 1e-3)", 1e-3).NonNegative();
    public Option<int> Nonmono { get; } = OptionFactory.Create("--nonmono", "Language models: non-monotone interval of the averaging trigger", 5).AtLeast(1);
    public Option<int> DagNodes { get; } = OptionFactory.Create("--dag-nodes", "rnn-dag space: nodes after the input node", 8).AtLeast(1);
    public Option<string> DagOutput { get; } = OptionFactory.Create("--dag-output", "rnn-dag space: output is the mean of all nodes (all, DARTS) or of the loose ends (loose, ENAS)", "all");
    public Option<int?> TrainTokens { get; } = OptionFactory.Optional<int>("--train-tokens", "Language models: train on the first N tokens of the training split (default: all; search also takes --subset)").AtLeast(1);
    public Option<int> TreeLeaves { get; } = OptionFactory.Create("--tree-leaves", "rnn-tree space: leaves of the tree (a power of two)", 8).AtLeast(2);

    public LanguageOptionSet(int hiddenSize) =>
        HiddenSize = OptionFactory.Create("--hidden-size", "Language models (--dataset ptb or text:FILE): embedding = hidden size (the decoder is tied to the embedding)", hiddenSize).AtLeast(1);

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { HiddenSize, Layers, Bptt, FixedBptt, DropoutEmbedding, DropoutInput, DropoutHidden, DropoutOutput, Ar, Tar, Asgd, AsgdAfter, Nonmono, TrainTokens, DagNodes, DagOutput, TreeLeaves })
            command.Options.Add(o);
    }

    public LanguageModelOptions Model(ParseResult r) => new LanguageModelOptions(
        r.GetValue(HiddenSize), r.GetValue(Layers), r.GetValue(DropoutEmbedding), r.GetValue(DropoutInput), r.GetValue(DropoutHidden), r.GetValue(DropoutOutput)).Validated();

    /// <summary>The recipe: language-model defaults for the shared options the user did not give; errors for those that do not apply.</summary>
    public LanguageTrainingOptions Training(ParseResult r, TrainingOptionSet t, int? trainTokens)
    {
        foreach (var (option, what) in new (Option, string)[] { (t.Momentum, "momentum"), (t.CropPadding, "image augmentation"), (t.Flip, "image augmentation"), (t.Cutout, "image augmentation") })
            if (Given(r, option)) throw new NasUserException($"{option.Name}: {what} does not apply to language models (plain SGD, then averaged SGD)");
        return new LanguageTrainingOptions
        {
            Epochs = r.GetValue(t.Epochs),
            BatchSize = Given(r, t.BatchSize) ? r.GetValue(t.BatchSize) : 64,
            LearningRate = Given(r, t.LearningRate) ? r.GetValue(t.LearningRate) : 20,
            WeightDecay = Given(r, t.WeightDecay) ? r.GetValue(t.WeightDecay) : 8e-7,
            GradientClip = Given(r, t.GradientClip) ? r.GetValue(t.GradientClip) : 0.25,
            Bptt = r.GetValue(Bptt),
            VariableLength = !r.GetValue(FixedBptt),
            Averaging = r.GetValue(Asgd),
            AverageAfterEpoch = r.GetValue(AsgdAfter),
            Nonmono = r.GetValue(Nonmono),
            ActivationRegularization = r.GetValue(Ar),
            TemporalRegularization = r.GetValue(Tar),
            TrainTokens = trainTokens ?? r.GetValue(TrainTokens),
            Seed = r.GetValue(t.Seed),
            Device = TorchRuntime.ParseDevice(r.GetValue(t.Device)!),
        }.Validated();
    }

    /// <summary>libtorch threads: as given, else one (recurrent steps are many tiny ops; see docs/benchmarks.md).</summary>
    public static int Threads(ParseResult r, TrainingOptionSet t) => Given(r, t.Threads) ? r.GetValue(t.Threads) : 1;

    public RnnDagSpaceOptions DagSpace(ParseResult r) => new RnnDagSpaceOptions(r.GetValue(DagNodes), r.GetValue(DagOutput)!).Validated();
    public RnnTreeSpaceOptions TreeSpace(ParseResult r) => new RnnTreeSpaceOptions(r.GetValue(TreeLeaves)).Validated();

    public static bool Given(ParseResult r, Option option) => r.GetResult(option) is { Implicit: false };

    public static object Describe(LanguageModelOptions m, LanguageTrainingOptions o) => new
    {
        model = new { size = m.Size, layers = m.Layers, tied_decoder = true, dropout_embedding = m.EmbeddingDropout, dropout_input = m.InputDropout, dropout_hidden = m.HiddenDropout, dropout_output = m.OutputDropout },
        training = new
        {
            epochs = o.Epochs, batch_size = o.BatchSize, evaluation_batch_size = o.EvaluationBatchSize, bptt = o.Bptt, variable_length = o.VariableLength,
            optimizer = o.Averaging ? "sgd then averaged sgd" : "sgd", learning_rate = o.LearningRate, weight_decay = o.WeightDecay, grad_clip = o.GradientClip,
            asgd_after = o.AverageAfterEpoch, nonmono = o.Nonmono, ar = o.ActivationRegularization, tar = o.TemporalRegularization, train_tokens = o.TrainTokens, seed = o.Seed, device = o.Device.ToString(),
        },
    };
}
