using System.Text.Json.Nodes;
using Nas.Search;
using Nas.Torch.Runtime;
using Nas.Torch.Training;

namespace Nas.Torch.Search;

/// <summary>Group <c>training</c> for image networks: SGD with momentum on a cosine schedule, weight decay, clipping, augmentation.</summary>
public static class ImageTrainingSettings
{
    /// <summary>The settings with the defaults of a multi-trial search's children (2 epochs, no augmentation).</summary>
    public static SettingGroup Group { get; } = new("training", "Training", [
        Setting.Integer("epochs", 2, "training epochs", minimum: 1),
        Setting.Integer("batch_size", 128, "minibatch size", minimum: 1),
        Setting.Real("learning_rate", 0.05, "initial SGD learning rate (cosine schedule down to 0)", positive: true, maximum: 1000),
        Setting.Real("momentum", 0.9, "SGD momentum", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Real("weight_decay", 3e-4, "L2 weight decay", minimum: 0, maximum: 1, advanced: true),
        Setting.Real("grad_clip", 5.0, "maximum gradient norm (0: no clipping)", minimum: 0, advanced: true),
        Setting.Integer("crop_padding", 0, "augmentation: zero padding before a random crop (0: off)", minimum: 0, advanced: true),
        Setting.Boolean("flip", false, "augmentation: random horizontal flips", advanced: true),
        Setting.Integer("cutout", 0, "augmentation: side of the cutout square (0: off)", minimum: 0, advanced: true),
        Setting.Real("auxiliary_weight", 0.0, "cell networks: weight of the auxiliary head's loss, which builds the head (DARTS: 0.4; 0: no head)", minimum: 0, advanced: true),
        Setting.Real("drop_path", 0.0, "cell networks: drop-path probability, ramped up over the epochs (DARTS: 0.2)", minimum: 0, maximum: 1, belowMaximum: true, advanced: true),
        Setting.Text("device", "cpu", "cpu or cuda (cuda needs a build with -p:TorchBackend=cuda)", advanced: true),
    ]);

    /// <summary>The group for children of a space: the cell-network settings only for cell spaces.</summary>
    public static SettingGroup For(bool cells) => cells ? Group : Group.Without("auxiliary_weight", "drop_path");

    /// <summary>The recipe; <paramref name="seed"/> is the search's. Settings a method leaves out of its group (augmentation, say) are off.</summary>
    public static TrainingOptions Read(SettingValues values, int seed)
    {
        var device = Device(values);
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
            Cutout = values.OptionalInteger("cutout") ?? 0,
            AuxiliaryWeight = values.OptionalReal("auxiliary_weight") ?? 0,
            DropPath = values.OptionalReal("drop_path") ?? 0,
            Seed = seed,
            Device = device,
        }.Validated();
    }

    /// <summary>The device of group <paramref name="values"/>; <see cref="SettingException"/> when it is unknown or not available.</summary>
    public static TorchSharp.torch.Device Device(SettingValues values)
    {
        try { return TorchRuntime.ParseDevice(values.Text("device")); }
        catch (NasUserException e) { throw new SettingException(values.PathOf("device"), e.Message); }
    }
}
