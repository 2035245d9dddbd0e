using System.Buffers.Binary;
using System.IO.Compression;

namespace Nas.Bench;

/// <summary>
/// Writes a tiny Fashion-MNIST look-alike (the four gzipped IDX files) so the process benchmarks run on any
/// machine, without the real data set. Each label brightens its own band of rows, so children learn something
/// and the strategy sees different accuracies, but the pixels are otherwise noise.
/// </summary>
internal static class TinyIdxData
{
    public const int Side = 28, Classes = 10;

    /// <summary>Writes <paramref name="train"/> training and <paramref name="test"/> test images into <paramref name="directory"/>.</summary>
    public static string Write(string directory, int train, int test, int seed = 1)
    {
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        WriteSplit(directory, "train", train, random);
        WriteSplit(directory, "t10k", test, random);
        return directory;
    }

    private static void WriteSplit(string directory, string prefix, int count, Random random)
    {
        var labels = new byte[count];
        var pixels = new byte[count * Side * Side];
        for (int i = 0; i < count; i++)
        {
            int label = random.Next(Classes);
            labels[i] = (byte)label;
            for (int row = 0; row < Side; row++)
            {
                bool band = row / 3 == label;
                for (int col = 0; col < Side; col++)
                    pixels[(i * Side + row) * Side + col] = (byte)(random.Next(128) + (band ? 120 : 0));
            }
        }
        WriteIdx(Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz"), 0x803, [count, Side, Side], pixels);
        WriteIdx(Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"), 0x801, [count], labels);
    }

    // IDX: a big-endian magic number (type byte 0x08 = unsigned bytes, then the number of dimensions), the sizes, the data.
    private static void WriteIdx(string path, int magic, int[] sizes, byte[] data)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        Span<byte> word = stackalloc byte[4];
        foreach (int value in sizes.Prepend(magic))
        {
            BinaryPrimitives.WriteInt32BigEndian(word, value);
            gzip.Write(word);
        }
        gzip.Write(data);
    }
}
