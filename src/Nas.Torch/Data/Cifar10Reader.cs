namespace Nas.Torch.Data;

/// <summary>
/// Reads the binary version of CIFAR-10: files of 3073-byte records, each a label byte (0..9)
/// followed by a 32x32 image stored channel-major (1024 red, 1024 green, 1024 blue bytes).
/// Every problem with a file is a <see cref="NasUserException"/> naming the file.
/// </summary>
public static class Cifar10Reader
{
    /// <summary>CIFAR-10's classes.</summary>
    public const int Classes = 10;
    /// <summary>Colour channels (RGB).</summary>
    public const int Channels = 3;
    /// <summary>Image height and width in pixels.</summary>
    public const int Side = 32;
    /// <summary>Bytes of one image: channel-major 8-bit pixels.</summary>
    public const int ImageBytes = Channels * Side * Side;
    /// <summary>Bytes of one record: the label byte and the image.</summary>
    public const int RecordSize = 1 + ImageBytes;

    /// <summary>The training files, in the order they are concatenated.</summary>
    public static IReadOnlyList<string> TrainFiles { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    /// <summary>The test file.</summary>
    public const string TestFile = "test_batch.bin";

    /// <summary>The names of all files <see cref="Load"/> needs.</summary>
    public static IReadOnlyList<string> AllFiles { get; } = [.. TrainFiles, TestFile];

    /// <summary>Reads the five training batches and the test batch from <paramref name="directory"/>.</summary>
    /// <param name="directory">The directory holding data_batch_1.bin to data_batch_5.bin and test_batch.bin.</param>
    public static DatasetPair Load(string directory)
    {
        var train = Read(TrainFiles.Select(f => Path.Combine(directory, f)).ToList(), "cifar10/train");
        try
        {
            return new DatasetPair(train, Read([Path.Combine(directory, TestFile)], "cifar10/test"));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    /// <summary>Reads and concatenates the records of <paramref name="paths"/> into one dataset, pixels scaled to [0, 1].</summary>
    /// <param name="paths">Batch files, read in order.</param>
    /// <param name="name">The dataset's name.</param>
    public static ImageDataset Read(IReadOnlyList<string> paths, string name)
    {
        var files = paths.Select(ReadFile).ToList();
        int count = files.Sum(f => f.Length / RecordSize);
        var labels = new byte[count];
        var pixels = new byte[(long)count * ImageBytes];
        int record = 0;
        for (int f = 0; f < files.Count; f++)
        {
            var bytes = files[f];
            for (int r = 0; r < bytes.Length / RecordSize; r++, record++)
            {
                int offset = r * RecordSize;
                if (bytes[offset] >= Classes)
                    throw new NasUserException($"{paths[f]}: record {r} has label {bytes[offset]} (CIFAR-10 labels are 0..9)");
                labels[record] = bytes[offset];
                Buffer.BlockCopy(bytes, offset + 1, pixels, record * ImageBytes, ImageBytes);
            }
        }
        return new ImageDataset(name, ByteTensors.Images(pixels, [count, Channels, Side, Side]), ByteTensors.Labels(labels), Classes);
    }

    private static byte[] ReadFile(string path)
    {
        if (!File.Exists(path)) throw new NasUserException($"{path}: CIFAR-10 batch file not found");
        var bytes = DataFile.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % RecordSize != 0)
            throw new NasUserException($"{path}: {bytes.Length} bytes is not a whole number of {RecordSize}-byte CIFAR-10 records (1 label + 3x32x32 pixels)");
        return bytes;
    }
}
