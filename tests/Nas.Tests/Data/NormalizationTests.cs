using System.Text.Json;
using Nas.Torch.Data;
using static TorchSharp.torch;

namespace Nas.Tests.Data;

public class NormalizationTests
{
    private static ImageDataset Colourful()
    {
        using var scope = NewDisposeScope();
        var images = rand([64, 3, 8, 8], generator: new Generator(5)) * tensor(new[] { 1f, 0.5f, 0.1f }).view(1, 3, 1, 1)
                     + tensor(new[] { 0f, 0.3f, 0.8f }).view(1, 3, 1, 1);
        return new ImageDataset("colourful", images.MoveToOuterDisposeScope(), zeros(64, ScalarType.Int64).MoveToOuterDisposeScope(), 10);
    }

    [Fact]
    public void NormalisedChannelsHaveZeroMeanUnitStd()
    {
        using var data = Colourful();
        var norm = Normalization.Compute(data);
        Assert.Equal(3, norm.Channels);
        Assert.Equal(0.8f + 0.05f, norm.Mean[2], 2);

        norm.ApplyInPlace(data);
        long[] dims = [0, 2, 3];
        using var mean = data.Images.mean(dims);
        using var std = data.Images.std(dims, unbiased: false);
        foreach (var m in mean.data<float>().ToArray()) Assert.Equal(0f, m, 4);
        foreach (var s in std.data<float>().ToArray()) Assert.Equal(1f, s, 4);
    }

    [Fact]
    public void ApplyCopiesAndMatchesInPlace()
    {
        using var data = Colourful();
        var norm = Normalization.Compute(data);
        using var original = data.Images.clone();
        using var copy = norm.Apply(data.Images);
        Assert.True(Tensors.Same(data.Images, original));
        norm.ApplyInPlace(data);
        Assert.True(copy.allclose(data.Images));
    }

    [Fact]
    public void ConstantChannelDoesNotDivideByZero()
    {
        using var data = new ImageDataset("flat", full([4, 1, 2, 2], 0.5f), zeros(4, ScalarType.Int64), 10);
        var norm = Normalization.Compute(data);
        norm.ApplyInPlace(data);
        Assert.Equal(0f, data.Images.abs().max().item<float>());
    }

    [Fact]
    public void RoundTripsThroughJsonAndChecksChannels()
    {
        var norm = new Normalization([0.1f, 0.2f, 0.3f], [1f, 2f, 3f]);
        var back = JsonSerializer.Deserialize<Normalization>(JsonSerializer.Serialize(norm))!;
        Assert.Equal(norm.Mean, back.Mean);
        Assert.Equal(norm.Std, back.Std);
        using var gray = zeros(2, 1, 4, 4);
        Assert.Throws<NasUserException>(() => norm.Apply(gray));
    }
}
