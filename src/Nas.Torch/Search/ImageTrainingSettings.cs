using System.Text.Json.Nodes;
using Nas.Search;
using Nas.Torch.Runtime;
using Nas.Torch.Training;

namespace Nas.Torch.Search;

/// <summary>
/// Group <c>training</c> for image networks: SGD with momentum on a cosine or one-cycle schedule, weight decay, clipping,
/// augmentation, label smoothing, a weight average, test-time flips.
/// </summary>
public static class ImageTrainingSettings
{
    /// <summary>The words of <c>training.schedule</c>.</summary>
    public static IReadOnlyList<string> Schedules { get; } = ["cosine", "one-cycle"];

    /// <summary>
    /// The settings of the final recipe that only <see cref="Trainer"/> reads (searches that train otherwise, ENAS and
    /// DARTS, leave them out of their group).
    /// </summary>
    public static IReadOnlyList<string> RecipeKeys { get; } = ["label_smoothing", "nesterov", "schedule", "warmup", "ema", "tta", "replicas"];

    /// <summary>
    /// The settings with the defaults of a multi-trial search's children (2 epochs, per-epoch cosine, no crop or cutout,
    /// flips where the data set allows them, none of the final recipe's additions).
    /// </summary>
    public static SettingGroup Group { get; } = new("training", "Training", [
        Setting.Integer("epochs", 2, "training epochs", minimum: 1),
        Setting.Integer("batch_size", 128, "minibatch size", minimum: 1),
        Setting.Real("learning_rate", 0.05, "peak SGD learning rate, followed down to 0 by the schedule (--schedule)", positive: true, maximum: 1000),
        Setting.Real("momentum", 0.9, "SGD momentum", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Real("weight_decay", 3e-4, "L2 weight decay", minimum: 0, maximum: 1, advanced: true),
        Setting.Real("grad_clip", 5.0, "maximum gradient norm (0: no clipping)", minimum: 0, advanced: true),
        Setting.Integer("crop_padding", 0, "augmentation: zero padding before a random crop (0: off)", minimum: 0, advanced: true),
        Setting.Boolean("flip", false, "augmentation: random horizontal flips (default: where they keep the class: fashion-mnist, cifar10, not mnist)", advanced: true) with { Default = null },
        Setting.Integer("cutout", 0, "augmentation: side of the cutout square (0: off)", minimum: 0, advanced: true),
        Setting.Real("auxiliary_weight", 0.0, "cell networks: weight of the auxiliary head's loss, which builds the head (DARTS: 0.4; 0: no head)", minimum: 0, advanced: true),
        Setting.Real("drop_path", 0.0, "cell networks: drop-path probability, ramped up over the epochs (DARTS: 0.2)", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Real("label_smoothing", 0.0, "label smoothing of the training loss (0: off; 0.1 is usual)", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Boolean("nesterov", false, "Nesterov momentum", advanced: true),
        Setting.Text("schedule", "cosine", "learning-rate schedule: cosine (per epoch; per step after a warm-up) or one-cycle (warm-up, then a linear fall, per step)", Schedules, advanced: true),
        Setting.Real("warmup", 0.0, "share of the steps warming the learning rate up linearly from a 25th of it", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Real("ema", 0.0, "decay of a moving average of the weights, which is validated and kept (0: off; 0.999 is usual)", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Boolean("tta", false, "evaluate each image and its mirror image, averaging their softmax", advanced: true),
        Setting.Integer("replicas", 1, "copies of the network that train together, each on a share of every batch with one libtorch thread (data parallelism; not with drop path): 2 on 2 cores trained resnet-baseline about 1.2x faster than 1", minimum: 1, maximum: 64, advanced: true),
        Setting.Text("device", "cpu", "cpu or cuda (cuda needs a build with -p:TorchBackend=cuda)", advanced: true),
    ]);

    /// <summary>The group for children of a space: the cell-network settings only for cell spaces.</summary>
    public static SettingGroup For(bool cells) => cells ? Group : Group.Without("auxiliary_weight", "drop_path");

    /// <summary>
    /// The recipe; <paramref name="seed"/> is the search's. Settings a method leaves out of its group (augmentation, say)
    /// are off. <c>flip</c> and <c>tta</c> left unset follow <paramref name="dataset"/>
    /// (<see cref="Data.DatasetCatalog.FlipsKeepClass"/>; off when it is null), and the value taken is written into
    /// <paramref name="values"/>, so the recorded settings say what was in effect; a value given wins.
    /// </summary>
    /// <param name="values">The group's values.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="dataset">The data set trained on, which decides unset flips; null: unset flips are off.</param>
    public static TrainingOptions Read(SettingValues values, int seed, string? dataset = null)
    {
        var device = Device(values);
        if (values.OptionalBoolean("nesterov") is true && values.Real("momentum") == 0)
            throw new SettingException(values.PathOf("nesterov"), "needs a positive momentum (training.momentum is 0)");
        if ((values.OptionalInteger("replicas") ?? 1) > 1 && (values.OptionalReal("drop_path") ?? 0) > 0)
            throw new SettingException(values.PathOf("replicas"), "must be 1 with drop path (its masks come from libtorch's one global generator, which the replicas' threads would race on)");
        bool flipsKeepClass = dataset is not null && Data.DatasetCatalog.FlipsKeepClass(dataset);
        if (dataset is not null)
        {
            foreach (var key in new[] { "flip", "tta" })
                if (!values.Values.ContainsKey(key)) values.Values[key] = flipsKeepClass;
        }
        return new TrainingOptions
        {
            Epochs = values.Integer("epochs"),
            BatchSize = values.Integer("batch_size"),
            LearningRate = values.Real("learning_rate"),
            Momentum = values.Real("momentum"),
            WeightDecay = values.Real("weight_decay"),
            GradientClip = values.Real("grad_clip"),
            CropPadding = values.OptionalInteger("crop_padding") ?? 0,
            HorizontalFlip = values.OptionalBoolean("flip") ?? false,
            TestTimeFlip = values.OptionalBoolean("tta") ?? false,
            LabelSmoothing = values.OptionalReal("label_smoothing") ?? 0,
            Nesterov = values.OptionalBoolean("nesterov") ?? false,
            Schedule = Schedule(values),
            WarmupFraction = values.OptionalReal("warmup") ?? 0,
            EmaDecay = values.OptionalReal("ema") ?? 0,
            Cutout = values.OptionalInteger("cutout") ?? 0,
            AuxiliaryWeight = values.OptionalReal("auxiliary_weight") ?? 0,
            DropPath = values.OptionalReal("drop_path") ?? 0,
            Replicas = values.OptionalInteger("replicas") ?? 1,
            Seed = seed,
            Device = device,
        }.Validated();
    }

    private static LearningRateSchedule Schedule(SettingValues values) => values.OptionalText("schedule")?.ToLowerInvariant() switch
    {
        null or "cosine" => LearningRateSchedule.Cosine,
        "one-cycle" => LearningRateSchedule.OneCycle,
        var other => throw new SettingException(values.PathOf("schedule"), $"must be one of {string.Join(", ", Schedules)}, got '{other}'"),
    };

    /// <summary>The device of group <paramref name="values"/>; <see cref="SettingException"/> when it is unknown or not available.</summary>
    public static TorchSharp.torch.Device Device(SettingValues values)
    {
        try { return TorchRuntime.ParseDevice(values.Text("device")); }
        catch (NasUserException e) { throw new SettingException(values.PathOf("device"), e.Message); }
    }
}
