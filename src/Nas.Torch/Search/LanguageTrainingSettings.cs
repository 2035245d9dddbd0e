using Nas.Search;
using Nas.Torch.Training;

namespace Nas.Torch.Search;

/// <summary>Group <c>training</c> for language models: the AWD recipe (SGD at a high rate with clipping, then averaged SGD, variable BPTT windows).</summary>
public static class LanguageTrainingSettings
{
    /// <summary>The settings with the defaults of a multi-trial search's children.</summary>
    public static SettingGroup Group { get; } = new("training", "Training", [
        Setting.Integer("epochs", 2, "training epochs", minimum: 1),
        Setting.Integer("batch_size", 64, "sequences per minibatch", minimum: 1),
        Setting.Real("learning_rate", 20, "SGD learning rate (scaled by the window length)", positive: true, maximum: 1000),
        Setting.Real("weight_decay", 8e-7, "L2 weight decay", minimum: 0, maximum: 1, advanced: true),
        Setting.Real("grad_clip", 0.25, "maximum gradient norm (0: no clipping)", minimum: 0, advanced: true),
        Setting.Integer("bptt", 35, "truncated back-propagation window (AWD variable length around it)", minimum: 2),
        Setting.Boolean("fixed_bptt", false, "fixed windows instead of AWD variable-length ones", advanced: true),
        Setting.Boolean("asgd", true, "switch from SGD to averaged SGD", advanced: true),
        Setting.Integer("asgd_after", 0, "average from this epoch on (0: AWD's non-monotone trigger)", minimum: 0, advanced: true),
        Setting.Integer("nonmono", 5, "non-monotone interval of the averaging trigger", minimum: 1, advanced: true),
        Setting.Real("ar", 0.0, "AR: weight of the squared last-layer output (AWD 2, DARTS 0)", minimum: 0, advanced: true),
        Setting.Real("tar", 1e-3, "TAR: weight of the squared step-to-step change of the last layer's output (AWD and DARTS 1e-3)", minimum: 0, advanced: true),
        Setting.Text("device", "cpu", "cpu or cuda (cuda needs a build with -p:TorchBackend=cuda)", advanced: true),
    ]);

    /// <summary>The recipe; <paramref name="trainTokens"/> cuts the training split (group <c>data</c>'s subset). Averaging left out of the group is off.</summary>
    public static LanguageTrainingOptions Read(SettingValues values, int seed, int? trainTokens) => new LanguageTrainingOptions
    {
        Epochs = values.Integer("epochs"),
        BatchSize = values.Integer("batch_size"),
        LearningRate = values.Real("learning_rate"),
        WeightDecay = values.Real("weight_decay"),
        GradientClip = values.Real("grad_clip"),
        Bptt = values.Integer("bptt"),
        VariableLength = !values.Boolean("fixed_bptt"),
        Averaging = values.OptionalBoolean("asgd") ?? false,
        AverageAfterEpoch = values.OptionalInteger("asgd_after") ?? 0,
        Nonmono = values.OptionalInteger("nonmono") ?? 5,
        ActivationRegularization = values.Real("ar"),
        TemporalRegularization = values.Real("tar"),
        TrainTokens = trainTokens,
        Seed = seed,
        Device = ImageTrainingSettings.Device(values),
    }.Validated();
}
