using Nas.Torch.Data;
using static TorchSharp.torch;

namespace Nas.Tests.Torch;

/// <summary>Small generated image problems: learnable, so a trainer that works must solve them.</summary>
internal static class TinyData
{
    /// <summary>
    /// Two classes of noisy 1x12x12 images: class 0 has a bright left half, class 1 a bright right half.
    /// </summary>
    public static ImageDataset LeftRight(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * 144];
        var labels = new long[count];
        for (int n = 0; n < count; n++)
        {
            int label = random.Next(2);
            labels[n] = label;
            for (int y = 0; y < 12; y++)
                for (int x = 0; x < 12; x++)
                {
                    bool bright = label == 0 ? x < 6 : x >= 6;
                    pixels[n * 144 + y * 12 + x] = (float)((bright ? 0.6 : 0.3) + 0.25 * random.NextDouble());
                }
        }
        using var scope = NewDisposeScope(); // frees the un-reshaped tensor; the dataset detaches its own two
        return new ImageDataset("left-right", tensor(pixels).reshape(count, 1, 12, 12), tensor(labels), 2);
    }
}
