using Nas.Torch.Training;
using Nas.Tests.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

/// <summary>The cell networks' parts of the recipe: auxiliary loss and the drop-path ramp.</summary>
public class TrainerRecipeTests
{
    /// <summary>A linear classifier with zeroed weights and a fake auxiliary head giving zero logits; records drop-path settings.</summary>
    private sealed class Probe : nn.Module<Tensor, Tensor>, IAuxiliaryClassifier, IDropPathNetwork
    {
        private readonly TorchSharp.Modules.Linear linear;
        public readonly List<double> DropPathsSeen = new();
        private double _dropPath;

        public Probe(bool head) : base(nameof(Probe))
        {
            HasAuxiliaryHead = head;
            linear = nn.Linear(144, 2);
            using (no_grad()) { linear.weight!.zero_(); linear.bias!.zero_(); }
            RegisterComponents();
        }

        public bool HasAuxiliaryHead { get; }

        public double DropPathProbability
        {
            get => _dropPath;
            set { _dropPath = value; DropPathsSeen.Add(value); }
        }

        public (Tensor Logits, Tensor? AuxiliaryLogits) ForwardWithAuxiliary(Tensor input)
        {
            var logits = forward(input);
            return (logits, training ? zeros_like(logits) : null);
        }

        public override Tensor forward(Tensor input) => linear.call(input.flatten(1));
    }

    [Fact]
    public void The_auxiliary_loss_is_added_with_its_weight()
    {
        using var data = TinyData.LeftRight(64, 1);
        // A learning rate so small that the loss stays at ln 2 for both heads.
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 1e-12, Momentum = 0, GradientClip = 0 };
        using var plain = new Probe(head: true);
        double without = new Trainer(options).Train(plain, data, null).Last.TrainLoss;
        using var withHead = new Probe(head: true);
        double with = new Trainer(options with { AuxiliaryWeight = 0.4 }).Train(withHead, data, null).Last.TrainLoss;
        Assert.Equal(Math.Log(2), without, 4);
        Assert.Equal(1.4 * Math.Log(2), with, 4);
    }

    [Fact]
    public void Drop_path_ramps_linearly_from_zero_as_darts_does()
    {
        using var data = TinyData.LeftRight(32, 1);
        using var model = new Probe(head: false);
        new Trainer(new TrainingOptions { Epochs = 4, BatchSize = 32, DropPath = 0.2 }).Train(model, data, null);
        Assert.Equal(new[] { 0.0, 0.05, 0.1, 0.15 }, model.DropPathsSeen.Select(p => Math.Round(p, 10)));
    }

    [Fact]
    public void Asking_for_a_head_or_drop_path_the_network_lacks_names_the_model()
    {
        using var data = TinyData.LeftRight(32, 1);
        using var noHead = new Probe(head: false);
        var e = Assert.Throws<ArgumentException>(() => new Trainer(new TrainingOptions { Epochs = 1, AuxiliaryWeight = 0.4 }).Train(noHead, data, null));
        Assert.Equal("model", e.ParamName);
        Assert.StartsWith(nameof(TrainingOptions.AuxiliaryWeight), e.Message);
        using var linear = nn.Sequential(nn.Flatten(), nn.Linear(144, 2));
        var d = Assert.Throws<ArgumentException>(() => new Trainer(new TrainingOptions { Epochs = 1, DropPath = 0.2 }).Train(linear, data, null));
        Assert.Equal("model", d.ParamName);
        Assert.StartsWith(nameof(TrainingOptions.DropPath), d.Message);
    }

    [Theory]
    [InlineData(nameof(TrainingOptions.Epochs))]
    [InlineData(nameof(TrainingOptions.BatchSize))]
    [InlineData(nameof(TrainingOptions.LearningRate))]
    [InlineData(nameof(TrainingOptions.Momentum))]
    [InlineData(nameof(TrainingOptions.WeightDecay))]
    [InlineData(nameof(TrainingOptions.GradientClip))]
    [InlineData(nameof(TrainingOptions.AuxiliaryWeight))]
    [InlineData(nameof(TrainingOptions.DropPath))]
    [InlineData(nameof(TrainingOptions.CropPadding))]
    [InlineData(nameof(TrainingOptions.Cutout))]
    public void A_bad_recipe_names_the_property(string property)
    {
        var ok = new TrainingOptions();
        var bad = property switch
        {
            nameof(TrainingOptions.Epochs) => ok with { Epochs = 0 },
            nameof(TrainingOptions.BatchSize) => ok with { BatchSize = 0 },
            nameof(TrainingOptions.LearningRate) => ok with { LearningRate = double.NaN },
            nameof(TrainingOptions.Momentum) => ok with { Momentum = 1 },
            nameof(TrainingOptions.WeightDecay) => ok with { WeightDecay = -1e-4 },
            nameof(TrainingOptions.GradientClip) => ok with { GradientClip = -1 },
            nameof(TrainingOptions.AuxiliaryWeight) => ok with { AuxiliaryWeight = -0.4 },
            nameof(TrainingOptions.DropPath) => ok with { DropPath = 1.0 },
            nameof(TrainingOptions.CropPadding) => ok with { CropPadding = -1 },
            _ => ok with { Cutout = -1 },
        };
        Assert.Same(ok, ok.Validated());
        Assert.Equal(property, Assert.Throws<ArgumentOutOfRangeException>(() => bad.Validated()).ParamName);
    }
}
