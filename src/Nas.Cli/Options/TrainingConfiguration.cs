using Nas.Torch.Training;

namespace Nas.Cli.Options;

/// <summary>The training recipe as plain values, for the recorded configuration.</summary>
internal static class TrainingConfiguration
{
    public static object Describe(TrainingOptions o) => new
    {
        epochs = o.Epochs,
        batch_size = o.BatchSize,
        learning_rate = o.LearningRate,
        schedule = "cosine",
        min_learning_rate = o.MinLearningRate,
        momentum = o.Momentum,
        weight_decay = o.WeightDecay,
        grad_clip = o.GradientClip,
        crop_padding = o.CropPadding,
        flip = o.HorizontalFlip,
        cutout = o.Cutout,
        auxiliary_weight = o.AuxiliaryWeight,
        drop_path = o.DropPath,
        seed = o.Seed,
        device = o.Device.ToString(),
    };
}
