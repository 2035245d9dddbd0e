using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>
/// Images and labels held in memory as tensors: <see cref="Images"/> is float32 [N, C, H, W]
/// (pixel values scaled to [0, 1] by the readers, normalised later), <see cref="Labels"/> int64 [N].
/// The tensors are detached from every dispose scope: the dataset owns them until disposed.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    public ImageDataset(string name, Tensor images, Tensor labels, int classes)
    {
        if (images.dim() != 4) throw new ArgumentException("images must be [N, C, H, W]", nameof(images));
        if (labels.dim() != 1 || labels.shape[0] != images.shape[0]) throw new ArgumentException("labels must be [N] with N as in images", nameof(labels));
        Name = name;
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
        Classes = classes;
    }

    public string Name { get; }
    public Tensor Images { get; }
    public Tensor Labels { get; }
    public int Classes { get; }

    public int Count => (int)Images.shape[0];
    public int Channels => (int)Images.shape[1];
    public int Height => (int)Images.shape[2];
    public int Width => (int)Images.shape[3];

    /// <summary>A new dataset of the given rows (copies).</summary>
    public ImageDataset Select(long[] indices, string? name = null)
    {
        using var scope = NewDisposeScope();
        using var index = tensor(indices, ScalarType.Int64);
        var images = Images.index_select(0, index).MoveToOuterDisposeScope();
        var labels = Labels.index_select(0, index).MoveToOuterDisposeScope();
        return new ImageDataset(name ?? Name, images, labels, Classes);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
