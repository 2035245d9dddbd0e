using Nas.Tests.Torch;
using Nas.Torch.Training;
using static TorchSharp.torch;

namespace Nas.Tests.Training;

public class LabelSmoothingTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.3)]
    public void The_training_loss_is_the_smoothed_cross_entropy(double smoothing)
    {
        using var data = TinyData.LeftRight(64, 1);
        // Logits fixed at (2, 0): p = softmax; the smoothed loss of label y is (1 − ε)(−log p_y) + ε · mean_k(−log p_k).
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 1e-12, Momentum = 0, GradientClip = 0, LabelSmoothing = smoothing };
        using var model = RecipeNetworks.FixedLogits(2f, 0f);
        double loss = new Trainer(options).Train(model, data, null).Last.TrainLoss;

        double z = Math.Exp(2) + 1;
        double[] nll = [-Math.Log(Math.Exp(2) / z), -Math.Log(1 / z)];
        long[] labels = data.Labels.data<long>().ToArray();
        double expected = labels.Average(y => (1 - smoothing) * nll[y] + smoothing * nll.Average());
        Assert.Equal(expected, loss, 5);
        if (smoothing > 0) Assert.NotEqual(labels.Average(y => nll[y]), loss, 3); // smoothing did change it
    }

    [Fact]
    public void Evaluation_loss_is_never_smoothed()
    {
        using var data = TinyData.LeftRight(32, 1);
        using var model = RecipeNetworks.FixedLogits(2f, 0f);
        var plain = new Trainer(new TrainingOptions()).Evaluate(model, data);
        var smoothed = new Trainer(new TrainingOptions { LabelSmoothing = 0.3 }).Evaluate(model, data);
        Assert.Equal(plain.Loss, smoothed.Loss);
    }

    [Fact]
    public void Out_of_range_values_name_the_option()
    {
        Assert.Equal("LabelSmoothing", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { LabelSmoothing = 1 }.Validated()).ParamName);
        Assert.Equal("EmaDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { EmaDecay = -0.1 }.Validated()).ParamName);
        Assert.Equal("WarmupFraction", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { WarmupFraction = 1 }.Validated()).ParamName);
        Assert.Equal("Nesterov", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { Nesterov = true, Momentum = 0 }.Validated()).ParamName);
    }
}
