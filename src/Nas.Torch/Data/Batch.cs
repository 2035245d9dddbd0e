using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>
/// One batch from a <see cref="BatchIterator"/>: images [B, C, H, W] and labels [B]. The tensors belong
/// to no dispose scope; the receiver owns them and disposes the batch (<c>using (batch)</c>).
/// </summary>
public sealed class Batch : IDisposable
{
    /// <summary>Takes both tensors out of their dispose scope; the batch owns them from here on.</summary>
    /// <param name="images">Images [B, C, H, W].</param>
    /// <param name="labels">Class indices [B], int64.</param>
    public Batch(Tensor images, Tensor labels)
    {
        Images = images.DetachFromDisposeScope();
        Labels = labels.DetachFromDisposeScope();
    }

    /// <summary>Images [B, C, H, W].</summary>
    public Tensor Images { get; }
    /// <summary>Class indices [B], int64.</summary>
    public Tensor Labels { get; }
    /// <summary>B, the number of examples.</summary>
    public int Count => (int)Images.shape[0];

    /// <c>var (images, labels) = batch;</c>: both tensors, still owned by the batch.
    /// <param name="images">The images.</param>
    /// <param name="labels">The labels.</param>
    public void Deconstruct(out Tensor images, out Tensor labels) => (images, labels) = (Images, Labels);

    /// <summary>Disposes both tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
