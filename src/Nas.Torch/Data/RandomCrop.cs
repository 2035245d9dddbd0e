using Nas.Torch.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Nas.Torch.Data;

/// <summary>
/// Zero-pads each image by p on every side and crops an H x W window at a random offset, i.e. shifts
/// each image by up to p pixels in each direction. Vectorised: two gathers, no per-image loop.
/// </summary>
internal static class RandomCrop
{
    public static Tensor Apply(Tensor batch, int padding, Generator generator)
    {
        long b = batch.shape[0], c = batch.shape[1], h = batch.shape[2], w = batch.shape[3];
        using var scope = NewDisposeScope();
        var padded = nn.functional.pad(batch, [padding, padding, padding, padding]);
        var top = randint(0, 2 * padding + 1, [b], generator: generator);
        var left = randint(0, 2 * padding + 1, [b], generator: generator);
        // Row r of image i comes from padded row top[i] + r; likewise for columns.
        // Scalars held to the end of the method: a temporary one may be freed while libtorch reads it.
        using var height = h.ToScalar();
        using var width = w.ToScalar();
        var rows = top.unsqueeze(1).add(arange(HeldScalars.Zero, height, HeldScalars.One), HeldScalars.One).to(batch.device).view(b, 1, h, 1).expand(b, c, h, w + 2 * padding);
        var columns = left.unsqueeze(1).add(arange(HeldScalars.Zero, width, HeldScalars.One), HeldScalars.One).to(batch.device).view(b, 1, 1, w).expand(b, c, h, w);
        return padded.gather(2, rows).gather(3, columns).MoveToOuterDisposeScope();
    }
}
