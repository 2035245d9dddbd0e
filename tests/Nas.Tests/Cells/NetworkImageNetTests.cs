using Nas.Spaces.Cells;
using Nas.Torch.Networks.Cells;
using static TorchSharp.torch;

namespace Nas.Tests.Cells;

public class NetworkImageNetTests
{
    [Fact]
    public void Darts_v2_in_the_mobile_setting_has_the_reference_parameter_count()
    {
        // DARTS reference, cnn/train_imagenet.py with --arch DARTS, C=48, 14 layers, 1000 classes:
        // 4.718752 M parameters (README: "4.719MB params"), auxiliary head excluded.
        using var network = new NetworkImageNet(PublishedGenotypes.DARTS_V2, channels: 48, classes: 1000, layers: 14, auxiliary: true);
        var count = network.CountParameters();
        Assert.Equal(4_718_752, count.Network);
        Assert.True(count.Auxiliary > 0);
    }

    [Fact]
    public void Stems_reduce_by_eight_and_the_auxiliary_head_reads_seven_by_seven_at_224()
    {
        using var scope = NewDisposeScope();
        using var network = new NetworkImageNet(PublishedGenotypes.DARTS_V2, channels: 4, classes: 7, layers: 3, auxiliary: true);
        network.train();
        var (logits, auxiliary) = network.forward(randn(1, 3, 224, 224));
        Assert.Equal(new long[] { 1, 7 }, logits.shape);
        Assert.Equal(new long[] { 1, 7 }, auxiliary!.shape);
        Assert.Equal(new[] { 1, 2 }, network.ReductionCells);
        Assert.Equal(2, network.AuxiliaryAfterCell);
    }

    [Fact]
    public void Smaller_images_work_too()
    {
        using var scope = NewDisposeScope();
        using var network = new NetworkImageNet(PublishedGenotypes.ENAS, channels: 4, classes: 5, layers: 3, auxiliary: true, inputChannels: 1);
        network.train();
        var (logits, auxiliary) = network.forward(randn(2, 1, 64, 64));
        Assert.Equal(new long[] { 2, 5 }, logits.shape);
        Assert.Equal(new long[] { 2, 5 }, auxiliary!.shape);
    }
}
