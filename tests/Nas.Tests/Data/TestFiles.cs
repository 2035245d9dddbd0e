using System.Buffers.Binary;
using System.IO.Compression;

namespace Nas.Tests.Data;

/// <summary>Writes small IDX and CIFAR-10 files with known contents.</summary>
internal static class TestFiles
{
    /// <summary>Pixels of image i at (r, c): a value that differs between images, rows and columns.</summary>
    public static byte Pixel(int image, int row, int column) => (byte)(image * 31 + row * 7 + column * 3);

    public static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static byte[] IdxImages(int count, int rows, int columns)
    {
        var data = new byte[count * rows * columns];
        for (int i = 0; i < count; i++)
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                    data[(i * rows + r) * columns + c] = Pixel(i, r, c);
        return Idx(0x803, [count, rows, columns], data);
    }

    public static byte[] IdxLabels(int count, int classes = 10) =>
        Idx(0x801, [count], Enumerable.Range(0, count).Select(i => (byte)(i % classes)).ToArray());

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(bytes);
        return output.ToArray();
    }

    /// <summary>Writes the four (Fashion-)MNIST files into <paramref name="directory"/>.</summary>
    public static void WriteMnistSet(string directory, int trainCount, int testCount, bool gzip)
    {
        void Write(string name, byte[] bytes) =>
            File.WriteAllBytes(Path.Combine(directory, gzip ? name + ".gz" : name), gzip ? Gzip(bytes) : bytes);
        Write("train-images-idx3-ubyte", IdxImages(trainCount, 28, 28));
        Write("train-labels-idx1-ubyte", IdxLabels(trainCount));
        Write("t10k-images-idx3-ubyte", IdxImages(testCount, 28, 28));
        Write("t10k-labels-idx1-ubyte", IdxLabels(testCount));
    }

    /// <summary>CIFAR-10 records: label i % 10, pixel (channel, row, column) = (i + channel * 50 + row + column) mod 256.</summary>
    public static byte[] CifarRecords(int count, int firstIndex = 0)
    {
        var bytes = new byte[count * 3073];
        for (int i = 0; i < count; i++)
        {
            int index = firstIndex + i, offset = i * 3073;
            bytes[offset] = (byte)(index % 10);
            for (int ch = 0; ch < 3; ch++)
                for (int r = 0; r < 32; r++)
                    for (int c = 0; c < 32; c++)
                        bytes[offset + 1 + ch * 1024 + r * 32 + c] = CifarPixel(index, ch, r, c);
        }
        return bytes;
    }

    public static byte CifarPixel(int index, int channel, int row, int column) => (byte)(index + channel * 50 + row + column);
}
