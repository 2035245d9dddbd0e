using Nas.Tests.Torch;
using Nas.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Tests.Training;

public class TestTimeFlipTests
{
    [Fact]
    public void Evaluation_with_flips_is_the_mean_of_the_two_softmaxes()
    {
        using var data = TinyData.LeftRight(50, 4);
        using var model = RecipeNetworks.Small(2);
        var options = new TrainingOptions { EvaluationBatchSize = 16 };
        var flipped = new Trainer(options with { TestTimeFlip = true }).Evaluate(model, data);
        var plain = new Trainer(options).Evaluate(model, data);

        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var p = (nn.functional.softmax(model.call(data.Images), 1) + nn.functional.softmax(model.call(data.Images.flip(3)), 1)) / 2;
        double loss = -p.gather(1, data.Labels.unsqueeze(1)).log().mean().item<float>();
        double accuracy = p.argmax(1).eq(data.Labels).to_type(ScalarType.Float64).mean().item<double>();
        Assert.Equal(loss, flipped.Loss, 5);
        Assert.Equal(accuracy, flipped.Accuracy, 12);
        // Left-right images: the mirror is the other class, so the two softmaxes differ and so do the figures.
        Assert.NotEqual(plain.Loss, flipped.Loss, 4);
    }
}
