using System.CommandLine;
using Nas.Torch.Runtime;
using Nas.Torch.Training;

namespace Nas.Cli.Options;

/// <summary>
/// The training recipe options shared by <c>search</c> (each child) and <c>train</c> (the final model),
/// with per-command defaults.
/// </summary>
internal sealed class TrainingOptionSet
{
    public Option<int> Epochs { get; }
    public Option<int> BatchSize { get; }
    public Option<double> LearningRate { get; }
    public Option<double> Momentum { get; }
    public Option<double> WeightDecay { get; }
    public Option<double> GradientClip { get; }
    public Option<int> CropPadding { get; }
    public Option<bool> Flip { get; }
    public Option<int> Cutout { get; }
    public Option<double> AuxiliaryWeight { get; }
    public Option<double> DropPath { get; }
    public Option<int> Seed { get; }
    public Option<string> Device { get; }
    public Option<int> Threads { get; }

    public TrainingOptionSet(int epochs, int cropPadding, bool flip)
    {
        Epochs = OptionFactory.Create("--epochs", "Training epochs", epochs).AtLeast(1);
        BatchSize = OptionFactory.Create("--batch-size", "Minibatch size", 128).AtLeast(1);
        LearningRate = OptionFactory.Create("--learning-rate", "Initial SGD learning rate (cosine schedule down to 0)", 0.05, "--lr").Positive();
        Momentum = OptionFactory.Create("--momentum", "SGD momentum", 0.9).NonNegative();
        WeightDecay = OptionFactory.Create("--weight-decay", "L2 weight decay", 3e-4).NonNegative();
        GradientClip = OptionFactory.Create("--grad-clip", "Maximum gradient norm (0: no clipping)", 5.0).NonNegative();
        CropPadding = OptionFactory.Create("--crop-padding", "Augmentation: zero padding before a random crop (0: off)", cropPadding).AtLeast(0);
        Flip = OptionFactory.Create("--flip", "Augmentation: random horizontal flips (true/false)", flip);
        Cutout = OptionFactory.Create("--cutout", "Augmentation: side of the cutout square (0: off)", 0).AtLeast(0);
        AuxiliaryWeight = OptionFactory.Create("--auxiliary-weight", "Cell networks: weight of the auxiliary head's loss, which builds the head (DARTS: 0.4; 0: no head)", 0.0).NonNegative();
        DropPath = OptionFactory.Create("--drop-path", "Cell networks: drop-path probability, ramped linearly from 0 over the epochs (DARTS: 0.2)", 0.0).NonNegative();
        Seed = OptionFactory.Create("--seed", "Random seed: the same seed gives the same run on CPU", 1);
        Device = OptionFactory.Create("--device", "cpu or cuda (cuda needs a build with -p:TorchBackend=cuda)", "cpu");
        Threads = OptionFactory.Create("--threads", "libtorch threads (0: one per core)", 0).AtLeast(0);
    }

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Epochs, BatchSize, LearningRate, Momentum, WeightDecay, GradientClip, CropPadding, Flip, Cutout, AuxiliaryWeight, DropPath, Seed, Device, Threads })
            command.Options.Add(o);
    }

    public TrainingOptions Read(ParseResult r) => new TrainingOptions
    {
        Epochs = r.GetValue(Epochs),
        BatchSize = r.GetValue(BatchSize),
        LearningRate = r.GetValue(LearningRate),
        Momentum = r.GetValue(Momentum),
        WeightDecay = r.GetValue(WeightDecay),
        GradientClip = r.GetValue(GradientClip),
        CropPadding = r.GetValue(CropPadding),
        HorizontalFlip = r.GetValue(Flip),
        Cutout = r.GetValue(Cutout),
        AuxiliaryWeight = r.GetValue(AuxiliaryWeight),
        DropPath = r.GetValue(DropPath),
        Seed = r.GetValue(Seed),
        Device = TorchRuntime.ParseDevice(r.GetValue(Device)!),
    }.Validated();
}
