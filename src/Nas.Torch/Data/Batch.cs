using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>
/// One batch from a <see cref="BatchIterator"/>: images [B, C, H, W] and labels [B]. The tensors belong
/// to no dispose scope; the receiver owns them and disposes the batch (<c>using (batch)</c>).
/// </summary>
public sealed class Batch : IDisposable
{
    public Batch(Tensor images, Tensor labels)
    {
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
    }

    public Tensor Images { get; }
    public Tensor Labels { get; }
    public int Count => (int)Images.shape[0];

    public void Deconstruct(out Tensor images, out Tensor labels) => (images, labels) = (Images, Labels);

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
