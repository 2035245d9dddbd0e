using System.IO.Compression;

namespace Nas.Tests.Cli;

/// <summary>Writes a tiny learnable Fashion-MNIST look-alike (gzip IDX files) for end-to-end runs.</summary>
internal static class IdxFiles
{
    public static void WriteDataset(string dir, int train, int test, int side = 12)
    {
        Directory.CreateDirectory(dir);
        var random = new Random(11);
        Write(dir, "train", train, side, random);
        Write(dir, "t10k", test, side, random);
    }

    private static void Write(string dir, string prefix, int count, int side, Random random)
    {
        var labels = new byte[count];
        var pixels = new byte[count * side * side];
        for (int n = 0; n < count; n++)
        {
            int label = random.Next(3);
            labels[n] = (byte)label;
            for (int y = 0; y < side; y++)
                for (int x = 0; x < side; x++)
                {
                    // class = which horizontal third is bright, so a mirror image keeps its class, as Fashion-MNIST's do
                    // (flips follow the data set by default)
                    bool bright = y * 3 / side == label;
                    pixels[n * side * side + y * side + x] = (byte)((bright ? 150 : 40) + random.Next(80));
                }
        }
        WriteGz(Path.Combine(dir, $"{prefix}-images-idx3-ubyte.gz"), Header(0x803, count, side, side), pixels);
        WriteGz(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte.gz"), Header(0x801, count), labels);
    }

    private static byte[] Header(int magic, params int[] dims)
    {
        var header = new byte[4 + 4 * dims.Length];
        void Put(int at, int v) { header[at] = (byte)(v >> 24); header[at + 1] = (byte)(v >> 16); header[at + 2] = (byte)(v >> 8); header[at + 3] = (byte)v; }
        Put(0, magic);
        for (int i = 0; i < dims.Length; i++) Put(4 + 4 * i, dims[i]);
        return header;
    }

    private static void WriteGz(string path, byte[] header, byte[] body)
    {
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        gz.Write(header);
        gz.Write(body);
    }
}
