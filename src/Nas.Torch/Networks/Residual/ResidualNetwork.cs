using Nas.Torch.Export;
using Nas.Spaces.Residual;
using Nas.Torch.Networks.Macro;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Nas.Torch.Networks.Residual;

/// <summary>
/// The network of a residual architecture: a 3x3 stem (conv, batch norm, ReLU) to stage 1's width, at stride 1 or 2,
/// after a full-resolution 3x3 conv-BN-ReLU of the genome's <see cref="ResidualGenome.StemPre"/> channels where that is above 0;
/// per later stage a downsampling step, a stride-2 convolution of the stage's kernel (with batch norm and ReLU, to the
/// stage's width) or 2x2 max pooling (ceil mode, so both give the same resolution); then the stage's basic residual
/// blocks; global average pooling and a linear classifier. Initialisation is TorchSharp's (PyTorch's) default, every
/// batch norm's gamma 1: the hand-designed <see cref="ResidualSpace.Baseline"/> was trained that way, and with at most
/// a few blocks per stage the zero-gamma trick for deep residual networks has little to offer.
/// </summary>
public sealed class ResidualNetwork : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly nn.Module<Tensor, Tensor> stem; // ConvBnRelu, or two in a Sequential when a convolution comes ahead of it
    private readonly ModuleList<nn.Module<Tensor, Tensor>> body;
    private readonly Linear classifier;

    /// <summary>Builds the network for images of <paramref name="input"/>'s shape.</summary>
    /// <param name="genome">The decoded residual architecture.</param>
    /// <param name="input">The images' shape and the number of classes.</param>
    public ResidualNetwork(ResidualGenome genome, InputShape input) : base(nameof(ResidualNetwork))
    {
        ArgumentNullException.ThrowIfNull(genome);
        if (genome.Stages.Count == 0) throw new ArgumentException("a residual network needs at least one stage", nameof(genome));
        int channels = genome.Stages[0].Width;
        stem = genome.StemPre > 0
            ? nn.Sequential(new ConvBnRelu(input.Channels, genome.StemPre, 3, 3, 1), new ConvBnRelu(genome.StemPre, channels, 3, 3, genome.StemStride))
            : new ConvBnRelu(input.Channels, channels, 3, 3, genome.StemStride);
        body = new ModuleList<nn.Module<Tensor, Tensor>>();
        foreach (var stage in genome.Stages)
        {
            switch (stage.Downsample)
            {
                case ResidualDownsample.Conv:
                    body.Add(new ConvBnRelu(channels, stage.Width, stage.Kernel, stage.Kernel, 2));
                    channels = stage.Width;
                    break;
                case ResidualDownsample.Pool:
                    body.Add(nn.MaxPool2d(2, stride: 2, ceil_mode: true));
                    break;
            }
            for (int b = 0; b < stage.Depth; b++)
            {
                body.Add(new ResidualBlock(channels, stage.Width, stage.Kernel));
                channels = stage.Width;
            }
        }
        classifier = nn.Linear(channels, input.Classes);
        RegisterComponents();
    }

    /// <summary>Class logits [B, classes] of images [B, C, H, W].</summary>
    /// <param name="image">Images [B, C, H, W].</param>
    public override Tensor forward(Tensor image)
    {
        using var scope = NewDisposeScope();
        var x = stem.call(image);
        foreach (var module in body) x = module.call(x);
        var pooled = nn.functional.adaptive_avg_pool2d(x, 1).flatten(1);
        return classifier.call(pooled).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public OnnxValue ExportOnnx(OnnxGraph graph, OnnxValue input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var x = graph.Module(stem, input);
        foreach (var module in body) x = graph.Module(module, x);
        return graph.Linear(classifier, graph.GlobalAveragePoolFlat(x));
    }
}
