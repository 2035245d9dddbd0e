using Nas.Torch.OneShot;
using static TorchSharp.torch;

namespace Nas.Tests.OneShot;

public class GumbelSoftmaxTests
{
    private static readonly float[] Logits = { 0.5f, 1.0f, -0.3f, 0.0f };

    [Fact]
    public void As_the_temperature_goes_to_zero_samples_become_one_hot_with_softmax_frequencies()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var logits = tensor(Logits).unsqueeze(0).expand(20000, 4).contiguous();
        var probs = nn.functional.softmax(tensor(Logits), -1).data<float>().ToArray();

        var cold = GumbelSoftmax.Sample(logits, 0.03, generator);
        float nearOneHot = cold.max(1).values.gt(0.99).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(nearOneHot > 0.9f, $"at temperature 0.03, {nearOneHot:P1} of samples have a component above 0.99");
        var mean = cold.mean(new long[] { 0 }).data<float>().ToArray();
        for (int i = 0; i < 4; i++) Assert.InRange(mean[i], probs[i] - 0.015, probs[i] + 0.015);

        var warm = GumbelSoftmax.Sample(logits, 1.0, generator);
        float warmOneHot = warm.max(1).values.gt(0.99).to_type(ScalarType.Float32).mean().item<float>();
        Assert.True(warmOneHot < 0.5f, $"at temperature 1, {warmOneHot:P1} of samples have a component above 0.99");
        var rows = warm.sum(1);
        Assert.True(rows.allclose(ones_like(rows), atol: 1e-5));
    }

    [Fact]
    public void Samples_are_differentiable_in_the_logits()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(Logits).requires_grad_(true);
        GumbelSoftmax.Sample(logits, 0.5)[1].backward();
        Assert.True(logits.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void Temperature_anneals_geometrically_from_start_to_end()
    {
        Assert.Equal(1.0, GumbelSoftmax.Temperature(0, 5, 1.0, 0.03), 12);
        Assert.Equal(0.03, GumbelSoftmax.Temperature(4, 5, 1.0, 0.03), 12);
        Assert.Equal(Math.Sqrt(0.03), GumbelSoftmax.Temperature(2, 5, 1.0, 0.03), 12);
    }
}
